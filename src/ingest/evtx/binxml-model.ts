/**
 * The decoded form of Binary XML (BinXML, [MS-EVEN6] 2.2.12): element trees whose text and attribute values are
 * literal text or references to the substitution values of a template instance. A template definition is
 * decoded once per chunk into this form and reused by every record that instantiates it; a record then only
 * reads its value table (`Values`) and renders the values it needs.
 */

/** Literal text (value text, CDATA, character and entity references, merged when adjacent). */
export interface TextNode {
  readonly kind: 'text';
  readonly text: string;
}

/** A reference to substitution value `index` of the enclosing template instance. */
export interface SubstNode {
  readonly kind: 'subst';
  readonly index: number;
  /** Optional substitutions (token 0x0e) leave their attribute out when the value is null or empty. */
  readonly optional: boolean;
}

/** A template instance inside a fragment: its definition's nodes with its own values. */
export interface InstanceNode {
  readonly kind: 'instance';
  readonly instance: Instance;
}

/** An element with its attributes and content. */
export interface ElementNode {
  readonly kind: 'element';
  readonly name: string;
  readonly attrs: readonly AttrNode[];
  readonly children: readonly ContentNode[];
}

/** An attribute; its value is a sequence of text and substitutions. */
export interface AttrNode {
  readonly name: string;
  readonly value: readonly ValueNode[];
}

/** What an attribute value is made of. */
export type ValueNode = TextNode | SubstNode;
/** What element content (and a fragment) is made of. */
export type ContentNode = ElementNode | TextNode | SubstNode | InstanceNode;

/** The substitution values of one template instance: where each value is in the chunk, its size and type. */
export interface Values {
  readonly count: number;
  readonly offsets: readonly number[];
  readonly sizes: readonly number[];
  readonly types: readonly number[];
}

/** Nodes together with the values their substitutions refer to. */
export interface Instance {
  readonly nodes: readonly ContentNode[];
  readonly values: Values;
}

/** No values: the content of a fragment that is not a template instance. */
export const NO_VALUES: Values = { count: 0, offsets: [], sizes: [], types: [] };

/** A structural problem in BinXML data; caught per record and reported as its rejection reason. */
export class BinXmlError extends Error {
  override readonly name = 'BinXmlError';
}
