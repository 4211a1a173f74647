/**
 * What a node believes of a child's NodeReport. A child speaks for its own subtree only: the codes
 * this node's configuration and route table say it holds (what it may hand over documents from).
 * An entry for any other code (this node, an ancestor, a sibling, a node elsewhere in the country),
 * or naming a parent outside that subtree, is dropped, as is a second entry for a code; and a
 * report is cut to MAX_REPORT_NODES entries, each to bounded links, counters and text, so a child
 * cannot grow its parent's memory or the operator page at will. A report replaces the child's
 * previous one, so MAX_REPORT_NODES also bounds what a parent holds for each child. Pure: no I/O.
 */
import { isWithin } from '../domain/agency-code.js';
import type { LinkView, NodeView } from './network-view.js';

/** Entries kept of one report, and so for one child (a commune-rich province has a few thousand). */
export const MAX_REPORT_NODES = 5_000;
/** Links kept per entry (a node's parent, children and laterals). */
export const MAX_REPORT_LINKS = 1_000;
/** Counters kept per entry (a node reports six). */
export const MAX_REPORT_COUNTERS = 32;
/** Characters kept of each text field (a version, a peer's code, a link's last error). */
export const MAX_REPORT_TEXT = 512;

export interface ReportScope {
  /** This node: never taken from a child. */
  self: string;
  /** The reporting child. */
  child: string;
  /** What the child holds (its route prefixes); its own code is always in. */
  subtrees: readonly string[];
}

export interface KeptReport {
  nodes: NodeView[];
  /** Entries outside the child's subtree (or naming a parent outside it), or with no valid code. */
  outside: number;
  /** Second entries for a code. */
  duplicates: number;
  /** Entries past MAX_REPORT_NODES. */
  overLimit: number;
}

function inScope(code: string, scope: ReportScope): boolean {
  if (code === scope.self) return false;
  try {
    return code === scope.child || scope.subtrees.some((s) => isWithin(code, s));
  } catch {
    return false;
  }
}

/** The child's own entry hangs under this node; every other under a node of the child's subtree. */
function parentInScope(n: NodeView, scope: ReportScope): boolean {
  if (n.code === scope.child) return n.parent === scope.self;
  return n.parent !== null && inScope(n.parent, scope);
}

const text = (s: string, max = MAX_REPORT_TEXT): string => (s.length > max ? s.slice(0, max) : s);

function bounded(n: NodeView): NodeView {
  const links: LinkView[] = n.links.slice(0, MAX_REPORT_LINKS).map((l) => ({ ...l, peer: text(l.peer), role: text(l.role, 16), state: text(l.state, 16), lastError: text(l.lastError) }));
  return { ...n, version: text(n.version), counters: Object.fromEntries(Object.entries(n.counters).slice(0, MAX_REPORT_COUNTERS).map(([k, v]) => [text(k, 64), v])), links };
}

/** Pure: the entries of `nodes` this node keeps from `scope.child`, bounded, and what was dropped. */
export function keepReported(nodes: readonly NodeView[], scope: ReportScope): KeptReport {
  const kept: NodeView[] = [];
  const seen = new Set<string>();
  let outside = 0;
  let duplicates = 0;
  let overLimit = 0;
  for (const n of nodes) {
    if (!inScope(n.code, scope) || !parentInScope(n, scope)) outside++;
    else if (seen.has(n.code)) duplicates++;
    else if (kept.length >= MAX_REPORT_NODES) overLimit++;
    else {
      seen.add(n.code);
      kept.push(bounded(n));
    }
  }
  return { nodes: kept, outside, duplicates, overLimit };
}
