// Fiks Arkiv's messages as XML, read and written by fast-xml-parser (a maintained parser, checked
// for well-formedness by its validator) behind the small tree the archive code walks: elements by
// local name (namespace prefixes dropped, as an archive may answer with any prefix), attributes by
// local name, text with entities and character references decoded.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

// preserveOrder keeps repeated elements (several dokumentbeskrivelse) in document order; nothing is
// converted to numbers, so a saksnummer "007" stays as written.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Character references (&#x41;) are core XML; the option also decodes a few HTML names.
  htmlEntities: true,
});

const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', format: true, indentBy: '  ', suppressEmptyNode: false });

/** An element or text in fast-xml-parser's ordered form: { name: [...children], ':@': { attributes } } or { '#text': … }. */
type OrderedNode = Record<string, unknown>;

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

function toElement(node: OrderedNode, name: string): XmlElement {
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries((node[':@'] ?? {}) as Record<string, unknown>)) attributes[localName(k)] = String(v);
  const element: XmlElement = { name: localName(name), attributes, children: [], text: '' };
  for (const inner of node[name] as OrderedNode[]) {
    if ('#text' in inner) element.text += String(inner['#text']);
    else {
      const childName = Object.keys(inner).find((k) => k !== ':@');
      if (childName) element.children.push(toElement(inner, childName));
    }
  }
  return element;
}

/** Parses a document; throws with where it stopped when it is not well-formed. */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '');
  // No DTD: an archive's answer has none, and entities declared in one are a way to blow up memory.
  if (/<!DOCTYPE/i.test(text)) throw new Error('XML does not parse: a DTD is not accepted');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new Error(`XML does not parse${line ? ` at line ${line}${col ? `, column ${col}` : ''}` : ''}: ${msg}`);
  }
  const roots = (parser.parse(text) as OrderedNode[]).filter((n) => !('#text' in n));
  if (roots.length !== 1) throw new Error(roots.length ? 'XML does not parse: more than one root element' : 'XML does not parse: no root element');
  return toElement(roots[0]!, Object.keys(roots[0]!).find((k) => k !== ':@')!);
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

function toOrdered([name, content, attributes]: Exclude<XmlNode, undefined>): OrderedNode {
  const inner = Array.isArray(content) ? content.filter((c): c is Exclude<XmlNode, undefined> => c !== undefined).map(toOrdered) : [{ '#text': String(content) }];
  return attributes ? { [name]: inner, ':@': attributes } : { [name]: inner };
}

/** The element written with two spaces' indent per level, its text and attributes escaped. */
export function writeXml(node: Exclude<XmlNode, undefined>): string {
  return builder.build([toOrdered(node)]).trim();
}
