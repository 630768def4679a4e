import { describe, expect, it } from 'vitest';
import { analyse } from './analyse.ts';
import { highlight } from './snippet.ts';
import { parseQuery, vectorLiteral, withinKeys } from './tsearch.ts';

describe('Chinese text analysis', () => {
  it('merges segmenter output back into domain terms', () => {
    const words = analyse('本月召开组织生活会，落实三会一课制度').words.map((w) => w.text);
    expect(words).toContain('组织生活会');
    expect(words).toContain('三会一课');
    expect(words).not.toContain('生活');
  });

  it('finds dictionary terms the segmenter cut across', () => {
    const words = analyse('请党支部书记带头开展批评与自我批评').words.map((w) => w.text);
    expect(words).toContain('党支部书记');
    expect(words).toContain('批评与自我批评');
  });

  it('indexes every character and neighbouring pair at its position', () => {
    const { grams } = analyse('党日a党课');
    expect(grams).toEqual([
      { text: '党', pos: 0 },
      { text: '党日', pos: 0 },
      { text: '日', pos: 1 },
      { text: '党', pos: 3 },
      { text: '党课', pos: 3 },
      { text: '课', pos: 4 },
    ]);
  });

  it('splits other scripts at punctuation and weights fields apart', () => {
    const literal = vectorLiteral([
      { text: "It's", weight: 'A' },
      { text: 'it', weight: 'D' },
    ]);
    expect(literal).toBe("'it':1A,69 's':4A");
  });

  it('holds access keys as lexemes no text or query can produce', () => {
    expect(vectorLiteral([{ text: '党课', weight: 'D' }], ['space:1', 'space:1', "o'k"])).toBe(
      "'党课':1 '党':1 '课':2 '#space:1' '#o''k'",
    );
    // Someone typing a key finds words, never the key lexemes.
    expect(parseQuery('#space:1')?.match).toBe("'space':* & '1':*");
    expect(withinKeys("'党课'", ['space:1', 'account:2'])).toBe(
      "('党课') & ('#space:1' | '#account:2')",
    );
  });
});

describe('queries', () => {
  it('turns ideographic runs into pair phrases and words into prefixes', () => {
    const q = parseQuery('党支部书记  PDF');
    expect(q?.match).toBe("('党支' <-> '支部' <-> '部书' <-> '书记') & 'pdf':*");
    expect(q?.words).toContain("'党支部书记'");
  });

  it('keeps single characters and drops punctuation-only input', () => {
    expect(parseQuery('党')?.match).toBe("'党'");
    expect(parseQuery('，。！ ?')).toBeNull();
  });
});

describe('snippets', () => {
  it('escapes the text and marks every occurrence', () => {
    const q = parseQuery('主题党日');
    if (!q) throw new Error('no query');
    expect(highlight('<b>主题党日</b>安排：主题党日', q)).toBe(
      '&lt;b&gt;<mark>主题党日</mark>&lt;/b&gt;安排：<mark>主题党日</mark>',
    );
  });

  it('cuts long text around the first match', () => {
    const q = parseQuery('谈心谈话');
    if (!q) throw new Error('no query');
    const text = `${'前'.repeat(200)}谈心谈话${'后'.repeat(200)}`;
    const html = highlight(text, q, 40);
    expect(html.startsWith('…')).toBe(true);
    expect(html.endsWith('…')).toBe(true);
    expect(html).toContain('<mark>谈心谈话</mark>');
  });
});
