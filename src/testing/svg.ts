/**
 * Helpers for the viz tests: inspect a vega-rendered SVG string without an XML library.
 * Vega wraps every mark set in `<g class="mark-<type> role-<role> ...">` whose children
 * are flat elements, which is what `countMarkItems` relies on.
 */
import assert from 'node:assert/strict';

/** Number of `<tag` elements inside each `<g class="mark-<markType> role-<role>` group, in document order. */
export function countMarkItems(svg: string, markType: string, role: string, tag: string): number[] {
  const open = new RegExp(`<g class="mark-${markType} role-${role}(?=[ "])[^"]*"[^>]*>`, 'g');
  const counts: number[] = [];
  for (let m = open.exec(svg); m !== null; m = open.exec(svg)) {
    const start = m.index + m[0].length;
    const end = svg.indexOf('</g>', start);
    const body = svg.slice(start, end);
    counts.push(body.split(`<${tag}`).length - 1);
  }
  return counts;
}

/** Texts inside `<g class="mark-text role-<role>` groups (e.g. 'legend-label', 'axis-label'), in document order. */
export function roleTexts(svg: string, role: string): string[] {
  const open = new RegExp(`<g class="mark-text role-${role}(?=[ "])[^"]*"[^>]*>`, 'g');
  const out: string[] = [];
  for (let m = open.exec(svg); m !== null; m = open.exec(svg)) {
    const start = m.index + m[0].length;
    out.push(...svgTexts(svg.slice(start, svg.indexOf('</g>', start))));
  }
  return out;
}

/** Texts of all `<text>` elements, entity-decoded. */
export function svgTexts(svg: string): string[] {
  const out: string[] = [];
  const re = /<text\b[^>]*>([^<]*)<\/text>/g;
  for (let m = re.exec(svg); m !== null; m = re.exec(svg)) {
    out.push(
      m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
    );
  }
  return out;
}

/** Asserts the string is one `<svg>` element whose tags nest properly and whose text has no raw `<` or `&`. */
export function assertWellFormedSvg(svg: string): void {
  assert.ok(svg.startsWith('<svg'), `expected the SVG to start with <svg, got ${svg.slice(0, 40)}`);
  assert.ok(svg.trimEnd().endsWith('</svg>'), 'expected the SVG to end with </svg>');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const between = svg.slice(last, m.index);
    assert.ok(!between.includes('<'), `stray '<' near offset ${last}: ${between.slice(0, 60)}`);
    assert.ok(!/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/.test(between), `raw '&' near offset ${last}`);
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      const top = stack.pop();
      assert.equal(top, name, `closing </${name}> does not match <${top}> at offset ${m.index}`);
    } else {
      stack.push(name!);
    }
  }
  assert.deepEqual(stack, [], 'unclosed tags at the end of the SVG');
}
