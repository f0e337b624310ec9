/** The scenario a new studio draft starts from: the smallest useful one, valid as it stands. */
export function blankScenario(id: string): string {
	return `# A new scenario. The reference is docs/scenario-format.md; press Ctrl-Space for keys and ids.
id: ${id}
title: New scenario
summary: What the team faces, in a sentence or two.
version: 0.1.0
authors: [Your name]
licence: CC-BY-4.0
duration: { min: 15, max: 30 }
difficulty: introductory
phases:
  - { id: identification, name: Identification }
  - { id: containment, name: Containment }
objectives:
  - id: contain
    title: Contain the laptop quickly
    phases: [containment]
roles:
  - id: lead
    name: Incident lead
variables:
  isolated: false
injects:
  - id: alert
    title: EDR alert on LT-07
    phase: identification
    channel: alert
    at: 0
    milestone: identified
    body: EDR flags \`winword.exe\` spawning \`powershell.exe -enc\` on LT-07.
    decisions:
      - id: contain
        kind: single
        prompt: What do you do with LT-07?
        objectives: [contain]
        team: { decider: lead }
        deadline: 10m
        options:
          - id: isolate
            label: Isolate it from the network
            scores: { containment: 10, identification: 2 }
            effects: [isolated = true]
            next: isolated
          - id: watch
            label: Keep watching
            scores: { containment: -5 }
        timeout:
          scores: { containment: -5 }
  - id: isolated
    title: LT-07 isolated
    phase: containment
    channel: ticket
    delay: 2m
    milestone: contained
    body: The laptop is off the network.
endings:
  - id: contained
    title: Contained
    when: isolated
    outcome: good
    summary: The laptop was isolated.
  - id: open
    title: Still open
    outcome: bad
    summary: The laptop was never isolated.
`;
}
