import AxeBuilder from '@axe-core/playwright';

// WCAG 2.0–2.2 A and AA, plus axe's best practices (landmarks, one h1, regions).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core on the page and returns its violations in a readable form (empty when clean).
 * @param {import('playwright-core').Page} page
 */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
}
