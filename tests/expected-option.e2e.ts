/**
 * Issue 18: a single-choice question marked two options "Expected" because every option with a
 * positive total counted as expected. A trainee answers a triage question whose options score
 * 5 and 2; after the reveal only the best one is "Expected", and the other is not.
 */
import { expect, test } from '@playwright/test';
import { joinAs } from './support/people';
import { AppServer } from './support/server';
import { adminToken, bearer, call, createSession, staff } from './security/support';

const SCENARIO = `
id: expected-option
title: One expected answer
summary: A triage question with a best and a partly right option.
version: 1.0.0
authors: [Sandtable team]
licence: CC-BY-4.0
duration: { min: 10, max: 20 }
difficulty: introductory
objectives:
  - { id: triage, title: Triage the alert, phases: [identification] }
roles:
  - { id: analyst, name: SOC analyst }
injects:
  - id: alert
    title: EDR alert on WS-0231
    phase: identification
    channel: alert
    at: 0
    milestone: identified
    body: A macro spawned an encoded PowerShell.
    decisions:
      - id: severity
        kind: single
        prompt: How severe is it?
        objectives: [triage]
        options:
          - { id: sev1, label: 'SEV-1: active intrusion', scores: { identification: 5 } }
          - { id: sev2, label: 'SEV-2: one workstation', scores: { identification: 2 } }
          - { id: sev3, label: 'SEV-3: handled by EDR', scores: { identification: -2 } }
  - id: contained
    title: Host isolated
    phase: containment
    channel: ticket
    at: 1m
    milestone: contained
    body: WS-0231 is off the network.
endings:
  - { id: done, title: Done, summary: Done. }
`;

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

test('after the reveal a single choice shows one expected option, not every positive one', async ({
	browser
}) => {
	const admin = await adminToken(server);
	const uploaded = await call(server, 'POST', '/api/v1/scenarios', {
		headers: { ...bearer(admin), 'content-type': 'application/yaml' },
		body: SCENARIO
	});
	expect(uploaded.status, uploaded.text).toBe(201);
	const session = await createSession(server, admin, {
		scenarioId: 'expected-option',
		teams: ['Red'],
		release: 'auto'
	});
	const page = await joinAs(browser, server.url, session.joinCode, {
		name: 'Sam',
		team: 'Red',
		role: 'SOC analyst'
	});
	await staff(server, admin, session.id, 'start');

	const alert = page.locator('[data-inject="alert"]');
	await alert.getByRole('radio', { name: /SEV-2/ }).check();
	await alert.getByRole('button', { name: 'Submit answer' }).click();
	await expect(alert.getByTestId('my-answer')).toContainText('SEV-2');

	await staff(server, admin, session.id, 'reveal');
	await expect(page.getByText('Answers revealed.')).toBeVisible();
	const expected = alert.locator('.badge', { hasText: '✓ Expected' });
	await expect(expected).toHaveCount(1);
	await expect(expected.locator('xpath=..')).toContainText('SEV-1');
	await expect(alert).toContainText('2 of 5 points');
});
