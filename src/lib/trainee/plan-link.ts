/**
 * Whether the trainee's IR-plan page (/play/[id]/plan) exists in this build: the header links
 * to it only then. The glob is resolved when the app is built, so the link appears by itself
 * once that page lands.
 */
const planPages = import.meta.glob('/src/routes/play/*/plan/+page.svelte');

export const hasPlanPage = Object.keys(planPages).length > 0;
