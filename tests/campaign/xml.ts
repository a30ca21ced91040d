/**
 * A small strict XML 1.0 reader for tests (no dependency): elements, attributes, character data,
 * the five predefined entities and character references, the XML declaration. Throws on anything
 * not well-formed (mismatched tags, a bare '<' or '&', duplicate attributes, characters XML 1.0
 * forbids), so a JUnit file that passes it is well-formed, and its tree can be checked for shape.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function parseXml(src: string): XmlElement {
  if (BAD_CHAR.test(src)) throw new Error('character not allowed in XML 1.0');
  let i = 0;
  const fail = (m: string): never => {
    throw new Error(`${m} at ${i}`);
  };
  const ws = (): void => {
    while (/\s/.test(src[i] ?? '')) i++;
  };
  const decode = (s: string): string => {
    if (/<|&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/.test(s)) fail('bare < or &');
    return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g, (_, e: string) =>
      e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
    );
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected <');
    i++;
    const name = NAME.exec(src.slice(i))?.[0] ?? fail('expected a name');
    i += name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (src[i] === '>') break;
      const an = NAME.exec(src.slice(i))?.[0] ?? fail('expected an attribute');
      i += an.length;
      ws();
      if (src[i] !== '=') fail('expected =');
      i++;
      ws();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('expected a quote');
      const end = src.indexOf(q!, i + 1);
      if (end < 0) fail('unterminated attribute');
      if (an in attrs) fail(`duplicate attribute ${an}`);
      attrs[an] = decode(src.slice(i + 1, end));
      i = end + 1;
    }
    i++;
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${name}>`);
      text += decode(src.slice(i, lt));
      i = lt;
      if (src.startsWith('</', i)) {
        i += 2;
        const close = NAME.exec(src.slice(i))?.[0];
        if (close !== name) fail(`</${close ?? ''}> closes <${name}>`);
        i += name.length;
        ws();
        if (src[i] !== '>') fail('expected >');
        i++;
        return { name, attrs, children, text };
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      children.push(element());
    }
  };
  ws();
  const root = element();
  ws();
  if (i !== src.length) fail('content after the root element');
  return root;
}
