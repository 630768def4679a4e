import fs from 'node:fs';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import {
  MAX_MESSAGE_LENGTH,
  MessageTooLongError,
  renderMessage,
  type MentionTarget,
} from './markdown.ts';
import { isAllowedHref } from './links.ts';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitizeMessageHtml } from './sanitize.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const MEMBERS: Record<string, MentionTarget> = {
  张三: { id: 'm-zhang', displayName: '张三' },
  李四: { id: 'm-li', displayName: '李四' },
  bob: { id: 'm-bob', displayName: 'Bob 王' },
  evil: { id: 'm"evil', displayName: '<img src=x onerror=alert(1)>' },
};
const resolveMention = (handle: string) => MEMBERS[handle] ?? null;

const render = (source: string, allowMentionAll = false) =>
  renderMessage(source, { resolveMention, allowMentionAll });

/** Every element of an HTML fragment, parsed the way a browser would. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) out.push(node);
    if ('childNodes' in node) node.childNodes.forEach(walk);
    if ('content' in node) walk(node.content);
  };
  walk(parseFragment(html));
  return out;
}

/** Fails unless the HTML holds only allow-listed tags and attributes and safe link targets. */
function expectSafe(html: string, payload: string): void {
  for (const el of elements(html)) {
    const where = `${el.tagName} in ${JSON.stringify(html)} from ${JSON.stringify(payload)}`;
    expect(ALLOWED_TAGS, where).toContain(el.tagName);
    for (const attr of el.attrs) {
      expect(attr.name.startsWith('on'), where).toBe(false);
      expect(ALLOWED_ATTRIBUTES[el.tagName] ?? [], `${attr.name} on ${where}`).toContain(attr.name);
      if (attr.name === 'href' || attr.name === 'src') {
        // eslint-disable-next-line no-control-regex -- browsers ignore these inside a scheme
        const folded = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        expect(folded, where).not.toMatch(/^(javascript|data|vbscript):/);
        expect(isAllowedHref(attr.value), where).toBe(true);
      }
      if (attr.name === 'class')
        expect(attr.value, where).toMatch(/^(language-[a-z0-9]+|mention( mention-all)?)$/);
    }
  }
  expect(html.toLowerCase()).not.toContain('<script');
}

describe('the Markdown subset', () => {
  it('renders paragraphs, and a single newline as a line break', async () => {
    const { html } = await render('第一行\n第二行\n\n新段落');
    expect(html).toBe('<p>第一行<br />\n第二行</p>\n<p>新段落</p>\n');
  });

  it('renders bold, italic, strikethrough and inline code', async () => {
    const { html } = await render('**粗** *斜* _斜_ ~~删~~ `代码`');
    expect(html).toBe(
      '<p><strong>粗</strong> <em>斜</em> <em>斜</em> <s>删</s> <code>代码</code></p>\n',
    );
  });

  it('bolds next to CJK punctuation, which plain CommonMark flanking rules refuse', async () => {
    expect((await render('**重要**：请参加')).html).toBe('<p><strong>重要</strong>：请参加</p>\n');
    expect((await render('请**务必**参加。')).html).toBe('<p>请<strong>务必</strong>参加。</p>\n');
    expect((await render('「**会议通知**」今天')).html).toBe(
      '<p>「<strong>会议通知</strong>」今天</p>\n',
    );
    expect((await render('**“三会一课”**安排')).html).toBe(
      '<p><strong>“三会一课”</strong>安排</p>\n',
    );
  });

  it('renders fenced code with an allow-listed language class and escaped content', async () => {
    const { html } = await render('```JS\nif (a < b) { @张三 }\n```');
    expect(html).toBe('<pre><code class="language-js">if (a &lt; b) { @张三 }\n</code></pre>\n');
    expect((await render('```c++ x\ny\n```')).html).toBe('<pre><code>y\n</code></pre>\n');
  });

  it('renders quotes and lists', async () => {
    const { html } = await render('> 引用\n\n1. 一\n2. 二\n\n- 甲\n- 乙');
    expect(html).toBe(
      '<blockquote>\n<p>引用</p>\n</blockquote>\n<ol>\n<li>一</li>\n<li>二</li>\n</ol>\n<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>\n',
    );
    expect((await render('3. 三')).html).toContain('<ol start="3">');
  });

  it('caps headings at h4 and does not turn "---" under text into a heading', async () => {
    expect((await render('# 大标题')).html).toBe('<h4>大标题</h4>\n');
    expect((await render('好的\n---')).html).toBe('<p>好的</p>\n<hr />\n');
  });

  it('renders no images and no tables', async () => {
    expect((await render('![图](https://img.example/a.png)')).html).not.toContain('<img');
    expect((await render('| a | b |\n|---|---|\n| 1 | 2 |')).html).not.toContain('<table');
  });

  it('shows raw HTML as text', async () => {
    expect((await render('<b>粗</b>')).html).toBe('<p>&lt;b&gt;粗&lt;/b&gt;</p>\n');
  });
});

describe('links', () => {
  const EXT = 'rel="noopener noreferrer nofollow ugc" target="_blank"';

  it('links http(s) and mailto with rel and target, and app paths without', async () => {
    expect((await render('[文档](https://ok.example/a)')).html).toBe(
      `<p><a href="https://ok.example/a" ${EXT}>文档</a></p>\n`,
    );
    expect((await render('[写信](mailto:a@ok.example)')).html).toContain(
      `href="mailto:a@ok.example" ${EXT}`,
    );
    expect((await render('[活动](/activities/42)')).html).toBe(
      '<p><a href="/activities/42">活动</a></p>\n',
    );
  });

  it('refuses other schemes and other origins', async () => {
    for (const source of [
      '[x](ftp://ok.example)',
      '[x](//evil.example)',
      '[x](tel:110)',
      '[x](relative/path)',
    ]) {
      expect((await render(source)).html, source).not.toContain('<a');
    }
  });

  it('autolinks bare URLs without swallowing Chinese text or full-width punctuation', async () => {
    const link = (url: string) => `<a href="${url}" ${EXT}>${url}</a>`;
    expect((await render('https://example.com。')).html).toBe(
      `<p>${link('https://example.com')}。</p>\n`,
    );
    expect((await render('https://example.com，请查看')).html).toBe(
      `<p>${link('https://example.com')}，请查看</p>\n`,
    );
    expect((await render('请看https://example.com/a?b=1请查看')).html).toBe(
      `<p>请看${link('https://example.com/a?b=1')}请查看</p>\n`,
    );
    expect((await render('（见 https://example.com/x）')).html).toBe(
      `<p>（见 ${link('https://example.com/x')}）</p>\n`,
    );
    expect((await render('see https://example.com/wiki/A_(b).')).html).toBe(
      `<p>see ${link('https://example.com/wiki/A_(b)')}.</p>\n`,
    );
    expect((await render('**https://example.com**')).html).toBe(
      `<p><strong>${link('https://example.com')}</strong></p>\n`,
    );
  });

  it('allow-lists link targets after folding case, controls and invisible characters', () => {
    for (const ok of ['https://a.example', 'HTTP://a.example/x', 'mailto:a@b.example', '/app/x']) {
      expect(isAllowedHref(ok), ok).toBe(true);
    }
    const refused = [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'java\u0000script:alert(1)',
      '\u0001javascript:alert(1)',
      'java\u200bscript:alert(1)',
      'java\u00adscript:alert(1)',
      'data:text/html,x',
      'vbscript:msgbox(1)',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'https:evil.example',
      'ftp://a.example',
      'relative/path',
      '#top',
      '',
    ];
    for (const bad of refused) expect(isAllowedHref(bad), JSON.stringify(bad)).toBe(false);
  });

  it('does not autolink bare addresses or fuzzy hosts', async () => {
    expect((await render('a@ok.example www.ok.example')).html).not.toContain('<a');
  });
});

describe('mentions', () => {
  it('resolves @handles to members and returns their ids once each', async () => {
    const out = await render('@张三 @bob 请看，@张三');
    expect(out.html).toBe(
      '<p><span class="mention" data-member-id="m-zhang">@张三</span> ' +
        '<span class="mention" data-member-id="m-bob">@Bob 王</span> 请看，' +
        '<span class="mention" data-member-id="m-zhang">@张三</span></p>\n',
    );
    expect(out.mentions).toEqual(['m-zhang', 'm-bob']);
    expect(out.plainText).toBe('@张三 @Bob 王 请看，@张三');
  });

  it('finds a Chinese handle followed directly by text', async () => {
    const out = await render('@李四你好，@张三：收到');
    expect(out.mentions).toEqual(['m-li', 'm-zhang']);
    expect(out.plainText).toBe('@李四你好，@张三：收到');
  });

  it('leaves unknown handles, e-mail addresses and code as text', async () => {
    const out = await render('@王五 a@bob `@张三`\n```\n@李四\n```');
    expect(out.mentions).toEqual([]);
    expect(out.html).not.toContain('mention');
  });

  it('honours @全体 and @all only for officers', async () => {
    const member = await render('@全体 开会');
    expect(member.mentionsAll).toBe(false);
    expect(member.html).toBe('<p>@全体 开会</p>\n');
    const officer = await render('@全体 开会，@all', true);
    expect(officer.mentionsAll).toBe(true);
    expect(officer.html).toContain('<span class="mention mention-all">@全体</span> 开会');
    expect((await render('@全体成员 @ALL', true)).html).toBe(
      '<p><span class="mention mention-all">@全体</span>成员 <span class="mention mention-all">@全体</span></p>\n',
    );
  });

  it('accepts an async resolver and asks each distinct handle once', async () => {
    const asked: string[] = [];
    const out = await renderMessage('@bob @bob @nobody', {
      resolveMention: async (handle) => {
        asked.push(handle);
        return MEMBERS[handle] ?? null;
      },
    });
    expect(out.mentions).toEqual(['m-bob']);
    expect(asked).toEqual(['bob', 'nobody']);
  });

  it('escapes a hostile display name and member id', async () => {
    const out = await render('@evil');
    expectSafe(out.html, '@evil');
    expect(out.html).toContain('&lt;img');
  });
});

describe('plain text', () => {
  it('drops the markup and keeps the words', async () => {
    const out = await render(
      '# 通知\n**周五**开会，见[议程](/a/1)\n\n> 引用\n\n- 一\n- 二\n\n```\ncode\n```',
    );
    expect(out.plainText).toBe('通知\n周五开会，见议程\n引用\n一\n二\ncode');
  });
});

describe('an XSS payload corpus', () => {
  const corpus = JSON.parse(
    fs.readFileSync(new URL('./xss-corpus.json', import.meta.url), 'utf8'),
  ) as string[];

  it('holds enough payloads to mean something', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });

  it('leaves nothing executable, for members and officers alike', async () => {
    for (const payload of corpus) {
      for (const allowMentionAll of [false, true]) {
        const { html } = await render(payload, allowMentionAll);
        expectSafe(html, payload);
      }
    }
  });

  it('is stopped by the sanitiser alone, as if the renderer had passed it through as HTML', () => {
    for (const payload of corpus) expectSafe(sanitizeMessageHtml(payload), payload);
    expect(sanitizeMessageHtml('<a href="https://ok.example" onclick="x()">a</a>')).toBe(
      '<a href="https://ok.example" rel="noopener noreferrer nofollow ugc" target="_blank">a</a>',
    );
    expect(sanitizeMessageHtml('<a href="/x" target="_top" rel="opener">a</a>')).toBe(
      '<a href="/x">a</a>',
    );
    expect(sanitizeMessageHtml('<code class="language-js evil">x</code>')).toBe(
      '<code class="language-js">x</code>',
    );
  });

  it('keeps the payload visible as text rather than dropping it', async () => {
    expect((await render('<script>alert(1)</script>')).plainText).toBe('<script>alert(1)</script>');
  });
});

describe('limits', () => {
  it('refuses input over the length limit', async () => {
    await expect(render('字'.repeat(MAX_MESSAGE_LENGTH + 1))).rejects.toBeInstanceOf(
      MessageTooLongError,
    );
  });

  // Catastrophic backtracking would take minutes: the test's time limit catches it. How fast
  // rendering is, is measured by `npm run bench -- markdown`, not asserted here.
  it(
    'renders pathological inputs safely and without running away',
    { timeout: 60_000 },
    async () => {
      const n = MAX_MESSAGE_LENGTH - 10;
      const inputs = [
        '>'.repeat(n),
        '*'.repeat(n),
        '**a'.repeat(n / 3),
        '['.repeat(n / 2) + ']'.repeat(n / 2),
        '[x]('.repeat(n / 4),
        '- '.repeat(n / 2),
        '`'.repeat(n),
        '@'.repeat(n),
        '@张'.repeat(n / 2),
        'https://' + 'a'.repeat(n - 20) + '，',
        'https://a.example/' + '('.repeat(n / 2 - 20),
        '<'.repeat(n / 2) + 'a'.repeat(n / 2),
        '_a'.repeat(n / 2),
        '~~'.repeat(n / 2),
        '  \n'.repeat(n / 3),
        'https://a.example/' + ')'.repeat(n - 20),
        'https://a.com '.repeat(n / 15),
        ('@' + '张'.repeat(40) + ' ').repeat(n / 42),
      ];
      for (const input of inputs) {
        const out = await render(input);
        expectSafe(out.html, input.slice(0, 20));
      }
    },
  );

  it('renders deep nesting as plain text, losing nothing', async () => {
    for (const source of [
      '> '.repeat(25) + '深',
      '> '.repeat(200) + '深\n第二行',
      '  - '.repeat(40) + '深',
    ]) {
      const out = await render(source);
      expect(out.html).not.toContain('<blockquote');
      expect(out.html).not.toContain('<li');
      expect(out.plainText).toContain('深');
      expectSafe(out.html, source);
    }
    const nested = await render('> '.repeat(10) + '**深**');
    expect(elements(nested.html).filter((el) => el.tagName === 'blockquote')).toHaveLength(10);
    expect(nested.html).toContain('<strong>深</strong>');
  });
});
