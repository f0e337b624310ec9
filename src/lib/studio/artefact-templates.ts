/**
 * Artefact templates for the studio: realistic evidence (Windows and Sysmon events, a phishing
 * mail's headers, an EDR alert, cloud audit lines, a service-desk ticket) as YAML artefacts in
 * the scenario format (docs/scenario-format.md#artefact), and the placement of one at the
 * editor's cursor with the indentation of the inject it lands in. Log lines that are part of
 * the answer key are `{ text, indicator: true, note }`, ready for an `indicators` decision.
 * Addresses and domains are the documentation ranges (RFC 5737, `.example`). Pure.
 */

export interface ArtefactTemplate {
	/** Also the artefact's id (made unique within its inject when placed). */
	id: string;
	label: string;
	type: 'log' | 'email' | 'alert' | 'ticket';
	/** The artefact as a YAML list item at column 0, two spaces per level. */
	yaml: string;
}

export const ARTEFACT_TEMPLATES: readonly ArtefactTemplate[] = [
	{
		id: 'win-logons',
		label: 'Windows Security 4625/4624: failed logons, then a success',
		type: 'log',
		yaml: `- type: log
  id: win-logons
  title: Windows Security log on DC01, logons for svc-backup
  source: Microsoft-Windows-Security-Auditing on DC01, forwarded to the SIEM
  format: TimeCreated | EventID | TargetUserName | LogonType | IpAddress | WorkstationName | Status/SubStatus
  lines:
    - '2026-03-12T02:14:07Z | 4625 | svc-backup | 3 | 198.51.100.77 | WIN-8Q1F2K | 0xC000006D/0xC000006A'
    - '2026-03-12T02:14:09Z | 4625 | svc-backup | 3 | 198.51.100.77 | WIN-8Q1F2K | 0xC000006D/0xC000006A'
    - '2026-03-12T02:14:12Z | 4625 | administrator | 3 | 198.51.100.77 | WIN-8Q1F2K | 0xC000006D/0xC000006A'
    - '2026-03-12T02:14:15Z | 4625 | backup | 3 | 198.51.100.77 | WIN-8Q1F2K | 0xC000006D/0xC0000064'
    - text: '2026-03-12T02:16:41Z | 4624 | svc-backup | 3 | 198.51.100.77 | WIN-8Q1F2K | -'
      indicator: true
      note: A successful network logon from the same outside address right after the failures; the password was guessed.
    - '2026-03-12T02:17:03Z | 4624 | j.ellery | 2 | 127.0.0.1 | FIN-WS-0231 | -'
    - text: '2026-03-12T02:19:26Z | 4624 | svc-backup | 10 | 198.51.100.77 | WIN-8Q1F2K | -'
      indicator: true
      note: Logon type 10 is Remote Desktop; a service account should never log on interactively.`
	},
	{
		id: 'sysmon-events',
		label: 'Sysmon 1/3: an Office macro starts PowerShell, which calls out',
		type: 'log',
		yaml: `- type: log
  id: sysmon-events
  title: Sysmon on FIN-WS-0231, process creation (1) and network connections (3)
  source: Microsoft-Windows-Sysmon/Operational on FIN-WS-0231
  format: UtcTime | EventID | Image | CommandLine or Destination | ParentImage or User
  lines:
    - '2026-03-12 08:02:11.402 | 1 | C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE | "OUTLOOK.EXE" | C:\\Windows\\explorer.exe'
    - '2026-03-12 08:04:37.918 | 1 | C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE | "WINWORD.EXE" /n "C:\\Users\\j.ellery\\Downloads\\Invoice_0312.docm" | OUTLOOK.EXE'
    - text: '2026-03-12 08:04:52.207 | 1 | C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe | powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA | WINWORD.EXE'
      indicator: true
      note: Word starting a hidden PowerShell with an encoded command is the macro running its payload.
    - text: '2026-03-12 08:04:53.660 | 3 | C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe | 203.0.113.47:443 (cdn-update.example) | NWL\\j.ellery'
      indicator: true
      note: The same PowerShell connecting out to an address nobody uses; the download of the next stage.
    - '2026-03-12 08:05:10.031 | 3 | C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE | 198.51.100.10:443 (outlook.office365.example) | NWL\\j.ellery'
    - '2026-03-12 08:06:44.575 | 1 | C:\\Windows\\System32\\svchost.exe | C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule | C:\\Windows\\System32\\services.exe'`
	},
	{
		id: 'phish-mail',
		label: 'Mail headers: a phishing message (failed SPF, look-alike domain)',
		type: 'email',
		yaml: `- type: email
  id: phish-mail
  title: The message as received, full headers
  headers:
    - { name: Return-Path, value: '<bounce-8812@mail.contoso-invoices.example>' }
    - { name: Received, value: 'from mail.contoso-invoices.example ([203.0.113.88]) by mx1.northwind.example (Postfix) with ESMTPS id 4ZkQ9r1Hq2 for <j.ellery@northwind.example>; Thu, 12 Mar 2026 08:01:52 +0000 (UTC)' }
    - { name: Authentication-Results, value: 'mx1.northwind.example; spf=softfail (203.0.113.88 is not a permitted sender) smtp.mailfrom=contoso-invoices.example; dkim=none; dmarc=fail (p=none) header.from=contoso.example' }
    - { name: From, value: '"Contoso Accounts Receivable" <ar@contoso.example>' }
    - { name: Reply-To, value: '<contoso.ar.remit@freemail.example>' }
    - { name: To, value: '<j.ellery@northwind.example>' }
    - { name: Subject, value: 'RE: Overdue invoice 0312 - payment details changed' }
    - { name: Date, value: 'Thu, 12 Mar 2026 09:01:49 +0100' }
    - { name: Message-ID, value: '<20260312080149.7A1C@mail.contoso-invoices.example>' }
    - { name: X-Originating-IP, value: '[203.0.113.88]' }
  body: |
    Hello,

    Please find attached the overdue invoice 0312. Our bank details have changed: use the
    account in the attached document for this and all future payments.

    Kind regards,
    Accounts Receivable
  attachments: [Invoice_0312.docm]`
	},
	{
		id: 'edr-alert',
		label: 'EDR alert: suspicious PowerShell from an Office process',
		type: 'alert',
		yaml: `- type: alert
  id: edr-alert
  title: Suspicious PowerShell launched by an Office application
  source: EDR console, policy "Workstations - Prevent"
  severity: high
  fields:
    - { name: Alert ID, value: EDR-20260312-000417 }
    - { name: Host, value: FIN-WS-0231 (10.20.14.31) }
    - { name: User, value: 'NWL\\j.ellery' }
    - { name: First seen, value: '2026-03-12T08:04:52Z' }
    - { name: Process tree, value: 'outlook.exe (5120) > winword.exe (7788) > powershell.exe (6604) -nop -w hidden -enc ...' }
    - { name: Network, value: 'powershell.exe (6604) -> 203.0.113.47:443, 12 connections' }
    - { name: File, value: 'Invoice_0312.docm, SHA256 9f2c6b1e0d4a7c3b5e8f1a2d6c9b0e3f4a7d1c5b8e2f6a9d3c7b1e5f8a2d4c6b' }
    - { name: Action, value: 'None (policy = detect); host not isolated' }
    - { name: MITRE, value: 'T1566.001 Spearphishing attachment, T1059.001 PowerShell' }`
	},
	{
		id: 'cloudtrail',
		label: 'AWS CloudTrail: console sign-in without MFA, then a new access key',
		type: 'log',
		yaml: `- type: log
  id: cloudtrail
  title: AWS CloudTrail, account 111122223333 (eu-west-1)
  source: CloudTrail trail org-audit, S3 bucket org-audit-logs
  format: one event per line (JSON, trimmed)
  lines:
    - text: '{"eventTime":"2026-03-12T02:31:09Z","eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser","userName":"deploy-ci"},"sourceIPAddress":"198.51.100.77","additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"}}'
      indicator: true
      note: A machine account signing in to the console, without MFA, from the address that guessed passwords earlier.
    - text: '{"eventTime":"2026-03-12T02:33:40Z","eventName":"CreateAccessKey","userIdentity":{"type":"IAMUser","userName":"deploy-ci"},"sourceIPAddress":"198.51.100.77","requestParameters":{"userName":"deploy-ci"}}'
      indicator: true
      note: A new long-lived key gives the intruder access that survives a password reset.
    - '{"eventTime":"2026-03-12T02:35:02Z","eventName":"ListBuckets","userIdentity":{"type":"IAMUser","userName":"deploy-ci"},"sourceIPAddress":"198.51.100.77"}'
    - '{"eventTime":"2026-03-12T06:00:00Z","eventName":"AssumeRole","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"sourceIPAddress":"ec2.amazonaws.com"}'`
	},
	{
		id: 'entra-signins',
		label: 'Azure (Entra ID) sign-in log: an impossible journey',
		type: 'log',
		yaml: `- type: log
  id: entra-signins
  title: Entra ID sign-in log for j.ellery@northwind.example
  source: Microsoft Entra admin center, Sign-in logs (interactive)
  format: Date (UTC) | User | Application | IP address | Location | Status | Conditional Access | MFA
  lines:
    - '2026-03-12 07:58:12 | j.ellery@northwind.example | Office 365 Exchange Online | 192.0.2.15 | Leeds, GB | Success | Success | Previously satisfied'
    - text: '2026-03-12 08:21:40 | j.ellery@northwind.example | OfficeHome | 203.0.113.200 | Sao Paulo, BR | Success | Not applied | MFA completed by token (session cookie)'
      indicator: true
      note: A sign-in from another continent 23 minutes later, with MFA "satisfied" by a stolen session token.
    - '2026-03-12 08:22:05 | j.ellery@northwind.example | Office 365 Exchange Online | 203.0.113.200 | Sao Paulo, BR | Failure 50074 | Not applied | Strong authentication required'
    - text: '2026-03-12 08:24:31 | j.ellery@northwind.example | Microsoft Graph PowerShell | 203.0.113.200 | Sao Paulo, BR | Success | Not applied | Token'
      indicator: true
      note: Graph PowerShell for a finance clerk is unusual; often used to read mail and add inbox rules in bulk.`
	},
	{
		id: 'service-ticket',
		label: 'Service-desk ticket: a user reports odd behaviour',
		type: 'ticket',
		yaml: `- type: ticket
  id: service-ticket
  title: INC0041872 - Laptop slow and Word keeps crashing
  fields:
    - { name: Number, value: INC0041872 }
    - { name: Opened, value: '2026-03-12 08:31 UTC' }
    - { name: Caller, value: Jo Ellery (Finance) }
    - { name: Configuration item, value: FIN-WS-0231 }
    - { name: Category, value: Software / Microsoft Office }
    - { name: Priority, value: 4 - Low }
    - { name: Assignment group, value: Service Desk L1 }
    - { name: State, value: New }
  body: |
    Caller says Word closed twice this morning after opening a supplier's invoice, and the
    laptop has been "really slow" since. A black window flashed up once. Caller has a payment
    run at 11:00 and asks for a quick fix.`
	}
];

export function templateById(id: string): ArtefactTemplate | undefined {
	return ARTEFACT_TEMPLATES.find((t) => t.id === id);
}

/** Where a template goes: replace `from`..`to` of the text with `insert`. */
export interface Placement {
	from: number;
	to: number;
	insert: string;
	/** The artefact's id as placed (the template's, or with a suffix when the inject has it). */
	id: string;
}

const indentOf = (line: string) => /^ */.exec(line)![0].length;
const blank = (line: string) => /^\s*(#.*)?$/.test(line);

/** `yaml` with every line indented by `n` spaces. */
function indent(yaml: string, n: number): string {
	const pad = ' '.repeat(n);
	return yaml
		.split('\n')
		.map((l) => (l ? pad + l : l))
		.join('\n');
}

/**
 * Places `template` at the cursor `pos` of `text`: in the artefacts list of the inject the
 * cursor is in (after the artefact the cursor is in, first when it is on `artefacts:`, last
 * otherwise), or as a new `artefacts:` key of that inject after the key the cursor is in. The
 * indentation is the inject's. Null when the cursor is not inside an inject.
 */
export function placeTemplate(
	text: string,
	pos: number,
	template: ArtefactTemplate
): Placement | null {
	const lines = text.split('\n');
	const starts: number[] = [];
	let offset = 0;
	for (const l of lines) {
		starts.push(offset);
		offset += l.length + 1;
	}
	const offsetOf = (line: number) => (line < lines.length ? starts[line] : text.length);
	let cursor = 0;
	while (cursor + 1 < lines.length && starts[cursor + 1] <= pos) cursor++;

	// The injects list, and the inject item the cursor is in.
	const injectsAt = lines.findIndex((l) => /^injects:\s*(#.*)?$/.test(l));
	if (injectsAt < 0 || cursor <= injectsAt) return null;
	let listEnd = lines.length;
	for (let i = injectsAt + 1; i < lines.length; i++) {
		if (!blank(lines[i]) && indentOf(lines[i]) === 0 && !lines[i].startsWith('-')) {
			listEnd = i;
			break;
		}
	}
	if (cursor >= listEnd) return null;
	let itemAt = -1;
	for (let i = cursor; i > injectsAt; i--) {
		if (/^ *- /.test(lines[i])) {
			const first = lines.slice(injectsAt + 1).find((l) => /^ *- /.test(l))!;
			if (indentOf(lines[i]) === indentOf(first)) {
				itemAt = i;
				break;
			}
		}
	}
	if (itemAt < 0) return null;
	const itemIndent = indentOf(lines[itemAt]);
	const keyIndent = itemIndent + 2;
	let itemEnd = listEnd;
	for (let i = itemAt + 1; i < listEnd; i++) {
		if (!blank(lines[i]) && indentOf(lines[i]) <= itemIndent) {
			itemEnd = i;
			break;
		}
	}
	// Back over blank lines and comments at the end of a block, so the snippet joins its block.
	const lastContent = (from: number, end: number) => {
		let j = end;
		while (j - 1 > from && blank(lines[j - 1])) j--;
		return j;
	};

	// An id the inject does not have yet.
	const block = lines.slice(itemAt, itemEnd).join('\n');
	let id = template.id;
	for (let n = 2; new RegExp(`(^|[\\s{,])id: *${id}\\s*($|[,}])`, 'm').test(block); n++) {
		id = `${template.id}-${n}`;
	}
	const yaml = template.yaml.replace(/^( {2}id: ).*$/m, `$1${id}`);

	const keyRe = new RegExp(`^ {${keyIndent}}artefacts:\\s*(\\[\\s*\\])?\\s*(#.*)?$`);
	let artefactsAt = -1;
	for (let i = itemAt; i < itemEnd; i++) {
		const line = i === itemAt ? ' '.repeat(keyIndent) + lines[i].slice(keyIndent) : lines[i];
		if (keyRe.test(line)) artefactsAt = i;
	}

	if (artefactsAt < 0 || /\[\s*\]/.test(lines[artefactsAt])) {
		// A new `artefacts:` key (or one that was `[]`), after the key the cursor is in.
		if (artefactsAt >= 0) {
			const from = starts[artefactsAt] + lines[artefactsAt].indexOf('artefacts:');
			const to = starts[artefactsAt] + lines[artefactsAt].length;
			return { from, to, insert: `artefacts:\n${indent(yaml, keyIndent + 2)}`, id };
		}
		let at = itemEnd;
		for (let i = Math.max(cursor, itemAt) + 1; i < itemEnd; i++) {
			if (!blank(lines[i]) && indentOf(lines[i]) <= keyIndent) {
				at = i;
				break;
			}
		}
		at = lastContent(Math.max(cursor, itemAt), at);
		const snippet = `${' '.repeat(keyIndent)}artefacts:\n${indent(yaml, keyIndent + 2)}`;
		return atLine(at, snippet, id);
	}

	// Into the artefacts list: its items' indentation, after the item the cursor is in.
	let listStop = itemEnd;
	let artefactIndent = -1;
	for (let i = artefactsAt + 1; i < itemEnd; i++) {
		if (blank(lines[i])) continue;
		const n = indentOf(lines[i]);
		if (artefactIndent < 0 && /^ *- /.test(lines[i]) && n >= keyIndent) artefactIndent = n;
		if (n < keyIndent || (n === keyIndent && !/^ *- /.test(lines[i]))) {
			listStop = i;
			break;
		}
	}
	if (artefactIndent < 0) artefactIndent = keyIndent + 2;
	let at: number;
	if (cursor <= artefactsAt || cursor >= listStop) {
		at = cursor === artefactsAt ? artefactsAt + 1 : lastContent(artefactsAt, listStop);
	} else {
		at = listStop;
		for (let i = cursor + 1; i < listStop; i++) {
			if (/^ *- /.test(lines[i]) && indentOf(lines[i]) === artefactIndent) {
				at = i;
				break;
			}
		}
		at = lastContent(cursor, at);
	}
	return atLine(at, indent(yaml, artefactIndent), id);

	/** The snippet as whole lines before line `at` (or after the last line). */
	function atLine(at: number, snippet: string, placedId: string): Placement {
		if (at < lines.length) {
			const from = offsetOf(at);
			return { from, to: from, insert: `${snippet}\n`, id: placedId };
		}
		const end = text.length;
		return {
			from: end,
			to: end,
			insert: `${text.endsWith('\n') ? '' : '\n'}${snippet}\n`,
			id: placedId
		};
	}
}

/** `text` with `placement` applied. */
export function applyPlacement(text: string, placement: Placement): string {
	return text.slice(0, placement.from) + placement.insert + text.slice(placement.to);
}
