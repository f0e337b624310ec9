/**
 * The bundled catalogue of standards that ask for a tested incident-response plan. Each summary
 * is our paraphrase of what the clause asks, to be read beside the standard itself; intervals are
 * set only where the standard states one (otherwise `defaultIntervalMonths` applies). An operator
 * replaces the whole catalogue with a file named by COMPLIANCE_CATALOGUE (docs/evidence.md).
 */
import type { CatalogueInput } from './catalogue';

export const BUNDLED_CATALOGUE: CatalogueInput = {
	defaultIntervalMonths: 12,
	standards: [
		{
			id: 'iso27001-2022',
			name: 'ISO/IEC 27001:2022',
			requirements: [
				{
					id: 'iso27001-a.5.24',
					reference: 'Annex A 5.24',
					summary:
						'Plan and prepare how incidents are managed: processes, roles and responsibilities are set out and known before an incident.',
					evidence: { csf: ['RS.MA', 'ID.IM-04'], phases: ['preparation'] }
				},
				{
					id: 'iso27001-a.5.25',
					reference: 'Annex A 5.25',
					summary:
						'Assess security events as they arrive and decide which of them are incidents to handle.',
					evidence: { csf: ['DE.AE', 'RS.MA-02', 'RS.MA-03'], phases: ['identification'] }
				},
				{
					id: 'iso27001-a.5.26',
					reference: 'Annex A 5.26',
					summary: 'Respond to incidents in line with the documented procedures.',
					evidence: { csf: ['RS.MA', 'RS.MI'], phases: ['containment'] }
				},
				{
					id: 'iso27001-a.5.27',
					reference: 'Annex A 5.27',
					summary:
						'Use what incidents (and rehearsals of them) teach to strengthen the controls and the plan.',
					evidence: { csf: ['ID.IM'] }
				}
			]
		},
		{
			id: 'pci-dss-4.0.1',
			name: 'PCI DSS v4.0.1',
			requirements: [
				{
					id: 'pci-dss-12.10.2',
					reference: 'Requirement 12.10.2',
					summary:
						'Review the incident response plan, update it as needed and test it, including each element the standard lists for it, at least once a year.',
					intervalMonths: 12,
					evidence: { csf: ['RS'] }
				}
			]
		},
		{
			id: 'dora',
			name: 'DORA (Regulation (EU) 2022/2554)',
			requirements: [
				{
					id: 'dora-art-11',
					reference: 'Article 11',
					summary:
						'Keep ICT response and recovery plans as part of business continuity, and test them regularly, at least yearly for systems that support critical or important functions.',
					intervalMonths: 12,
					evidence: { csf: ['RS.MA', 'RC.RP'] }
				}
			]
		},
		{
			id: 'nis2',
			name: 'NIS2 (Directive (EU) 2022/2555)',
			requirements: [
				{
					id: 'nis2-art-21',
					reference: 'Article 21(2)(b) and (f)',
					summary:
						'Have risk-management measures that include incident handling, and ways to assess whether those measures work.',
					evidence: { csf: ['RS.MA', 'ID.IM'] }
				}
			]
		},
		{
			id: 'soc2',
			name: 'SOC 2 (Trust Services Criteria 2017, rev. 2022)',
			requirements: [
				{
					id: 'soc2-cc7.4',
					reference: 'CC7.4',
					summary:
						'Respond to identified incidents through a defined programme: understand, contain, remediate and communicate.',
					evidence: { csf: ['RS.MA', 'RS.MI', 'RS.CO'], phases: ['containment'] }
				},
				{
					id: 'soc2-cc7.5',
					reference: 'CC7.5',
					summary: 'Identify, develop and carry out the activities that recover from incidents.',
					evidence: { csf: ['RC'], phases: ['recovery'] }
				}
			]
		},
		{
			id: 'hipaa',
			name: 'HIPAA Security Rule',
			requirements: [
				{
					id: 'hipaa-164.308-a-7-ii-d',
					reference: '45 CFR 164.308(a)(7)(ii)(D)',
					summary:
						'Test the contingency plans from time to time and revise them as the tests show (an addressable specification).',
					evidence: { csf: ['RC.RP', 'RS.MA'] }
				}
			]
		},
		{
			id: 'nist-800-61r3',
			name: 'NIST SP 800-61r3 / CSF 2.0',
			requirements: [
				{
					id: 'csf2-id.im',
					reference: 'ID.IM (ID.IM-02, ID.IM-04)',
					summary:
						'Find improvements through security tests and exercises, and keep the incident response plans established, known and improved.',
					evidence: { csf: ['ID.IM-02', 'ID.IM-04'] }
				}
			]
		}
	]
};
