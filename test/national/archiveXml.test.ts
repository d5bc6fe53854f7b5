// The archive's XML, read and written through fast-xml-parser: what the archive code relies on.
import { describe, expect, it } from 'vitest';
import { childText, parseXml, writeXml } from '../../activities/archive/xml';

describe('archive XML', () => {
  it('reads elements and attributes by local name, whatever prefix the archive uses', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<k:arkivmeldingKvittering xmlns:k="urn:k" xmlns:xsi="urn:xsi"><!-- c --><k:mappeKvittering xsi:type="saksmappeKvittering"><k:systemID> 1 &amp; &#x41;&#66; </k:systemID><k:saksaar>007</k:saksaar><k:tittel><![CDATA[<ikke en tag>]]></k:tittel></k:mappeKvittering></k:arkivmeldingKvittering>',
    );
    expect(root.name).toBe('arkivmeldingKvittering');
    expect(root.children[0]!.attributes.type).toBe('saksmappeKvittering');
    expect(childText(root, 'mappeKvittering', 'systemID')).toBe('1 & AB');
    expect(childText(root, 'mappeKvittering', 'saksaar')).toBe('007');
    expect(childText(root, 'mappeKvittering', 'tittel')).toBe('<ikke en tag>');
    expect(childText(root, 'mappeKvittering', 'finnesIkke')).toBeUndefined();
  });

  it.each([
    ['<a><b></a>', /closing tag/],
    ['<a></a><b/>', /more than one root element/],
    ['<a>x</a>tail', /Extra text/],
    ['<a>', /Unclosed tag/],
    ['', /XML does not parse/],
    ['<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', /a DTD is not accepted/],
  ])('refuses %j, saying why', (source, why) => {
    expect(() => parseXml(source)).toThrow(why);
  });

  it('writes elements in order, indented, with text and attributes escaped, leaving out undefined children', () => {
    expect(writeXml(['a', [['b', 'x & <y> "q"'], ['c', ''], undefined, ['d', 5, { 'xsi:type': 'q"&' }], ['e', [['f', 'g']]]], { xmlns: 'urn:a' }])).toBe(
      '<a xmlns="urn:a">\n  <b>x &amp; &lt;y&gt; &quot;q&quot;</b>\n  <c></c>\n  <d xsi:type="q&quot;&amp;">5</d>\n  <e>\n    <f>g</f>\n  </e>\n</a>',
    );
  });

  it('reads back what it writes', () => {
    const written = writeXml(['r', [['t', "Ø'<&>\"æ"]]]);
    expect(childText(parseXml(written), 't')).toBe("Ø'<&>\"æ");
  });
});
