import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/runtime.ts';
import { LexicalIndex } from '../src/retrieval/bm25.ts';
import { HybridRetriever, LEXICAL_FIELDS, passageFields } from '../src/retrieval/retriever.ts';
import { readEvalFile } from '../src/eval/dataset.ts';
import { scoreRetrieval, summarize } from '../src/eval/retrieval-metrics.ts';
const rt = await createRuntime(loadConfig(process.env));
const items = (await readEvalFile('test/eval/dev.jsonl')).filter(i => i.gold.length);
const metas = new Map(rt.index.documents.map(d => [d.document.meta.id, d.document.meta]));
const fields = rt.index.chunks.map(c => passageFields(c, metas.get(c.docId)!, rt.lexicon));
const grid = JSON.parse(process.argv[2]!) as Record<string, number>[];
for (const g of grid) {
  const specs = LEXICAL_FIELDS.map(f => ({ ...f, weight: g[f.name] ?? f.weight }));
  const lexical = LexicalIndex.build(specs, fields);
  const r = new HybridRetriever({ chunks: rt.index.chunks, documents: metas, lexical, vectors: rt.index.vectors, embeddings: rt.embeddings, lexicon: rt.lexicon });
  const scores = [];
  for (const it of items) scores.push(scoreRetrieval(it, (await r.retrieve({ query: it.question, k: 10 })).passages));
  const s = summarize(scores);
  const langs = new Map<string, number[]>(); for (const x of scores) { if (!langs.has(x.lang)) langs.set(x.lang, []); langs.get(x.lang)!.push(x.firstHit && x.firstHit <= 5 ? 1 : 0); }
  const minLang = Math.min(...[...langs.values()].map(v => v.reduce((a,b)=>a+b,0)/v.length));
  console.log(JSON.stringify(g), `hit@1 ${s.hit1.toFixed(3)} hit@5 ${s.hit5.toFixed(3)} hit@10 ${s.hit10.toFixed(3)} MRR ${s.mrr.toFixed(3)} minLang@5 ${minLang.toFixed(2)}`);
}
