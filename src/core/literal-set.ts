/**
 * A set of literal strings found in one pass over a text (Aho–Corasick): which of them occur anywhere in it,
 * whatever their number. A check that would try many patterns on every text first asks which of their
 * required words occur, and tries only the patterns whose words do.
 *
 * @example
 * const words = new LiteralSet(['ignore', 'prompt']);
 * words.present('please ignore this') // Uint8Array [1, 0]
 */
export class LiteralSet {
  /** The root's edges, by UTF-16 code unit: every position of a text passes through the root. */
  private readonly root = new Int32Array(65536).fill(-1);
  /** Edges of the other nodes. */
  private readonly edges: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Literals ending at each node, its failure chain's included. */
  private readonly out: number[][] = [[]];

  constructor(readonly literals: readonly string[]) {
    literals.forEach((literal, id) => {
      if (!literal) throw new Error('LiteralSet: an empty literal matches everywhere; leave it out');
      let node = 0;
      for (let i = 0; i < literal.length; i++) {
        const unit = literal.charCodeAt(i);
        let next = this.child(node, unit);
        if (next < 0) {
          next = this.edges.length;
          this.edges.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          if (node === 0) this.root[unit] = next;
          else this.edges[node]!.set(unit, next);
        }
        node = next;
      }
      this.out[node]!.push(id);
    });
    // Failure links, breadth first: the longest proper suffix of a node's string that is also in the trie.
    const queue: number[] = [];
    for (let unit = 0; unit < 65536; unit++) {
      const next = this.root[unit]!;
      if (next >= 0) queue.push(next);
    }
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      for (const [unit, next] of this.edges[node]!) {
        let f = this.fail[node]!;
        while (f !== 0 && this.child(f, unit) < 0) f = this.fail[f]!;
        const target = this.child(f, unit);
        this.fail[next] = target >= 0 && target !== next ? target : 0;
        this.out[next] = [...this.out[next]!, ...this.out[this.fail[next]!]!];
        queue.push(next);
      }
    }
  }

  private child(node: number, unit: number): number {
    return node === 0 ? this.root[unit]! : (this.edges[node]!.get(unit) ?? -1);
  }

  /** For each literal (by its index), 1 when it occurs in `text`, else 0. */
  present(text: string): Uint8Array {
    const seen = new Uint8Array(this.literals.length);
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      let next = this.child(node, unit);
      while (next < 0 && node !== 0) {
        node = this.fail[node]!;
        next = this.child(node, unit);
      }
      node = next < 0 ? 0 : next;
      const ends = this.out[node]!;
      for (let k = 0; k < ends.length; k++) seen[ends[k]!] = 1;
    }
    return seen;
  }
}
