// Just enough XML for Fiks Arkiv's messages: writing elements with their text escaped, and reading
// a document into a tree of elements by local name (namespace prefixes dropped, as an archive may
// answer with any prefix). No DTDs, entities beyond the five predefined, or processing of mixed content.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** Parses a document; throws with where it stopped when it is not well-formed. */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let last = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const between = text.slice(last, m.index);
    if (/[<>]/.test(between)) throw new Error(`XML does not parse near offset ${last}`);
    if (stack.length) stack[stack.length - 1]!.text += unescapeXml(between);
    last = tag.lastIndex;
    if (m[5] !== undefined) {
      if (stack.length) stack[stack.length - 1]!.text += m[5];
      continue;
    }
    const [, closing, qualified, attrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== localName(qualified!)) throw new Error(`XML does not parse: </${qualified}> closes ${open ? `<${open.name}>` : 'nothing'}`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of (attrs ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[localName(a[1]!)] = unescapeXml(a[2] ?? a[3] ?? '');
    const element: XmlElement = { name: localName(qualified!), attributes, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(element);
    else if (root) throw new Error('XML does not parse: more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (!root || stack.length) throw new Error('XML does not parse: an element is not closed');
  if (text.slice(last).trim()) throw new Error('XML does not parse: text after the root element');
  return root;
}

export function child(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) current = current?.children.find((c) => c.name === name);
  return current;
}

export function childText(element: XmlElement | undefined, ...path: string[]): string | undefined {
  const found = child(element, ...path);
  return found ? found.text.trim() : undefined;
}

/** An element with its children, written in order; undefined children are left out. */
export type XmlNode = [name: string, content: string | number | XmlNode[], attributes?: Record<string, string>] | undefined;

export function writeXml(node: Exclude<XmlNode, undefined>, indent = ''): string {
  const [name, content, attributes] = node;
  const attrs = Object.entries(attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (Array.isArray(content)) {
    const inner = content.filter((c): c is Exclude<XmlNode, undefined> => c !== undefined).map((c) => writeXml(c, `${indent}  `));
    return `${indent}<${name}${attrs}>\n${inner.join('\n')}\n${indent}</${name}>`;
  }
  return `${indent}<${name}${attrs}>${escapeXml(String(content))}</${name}>`;
}
