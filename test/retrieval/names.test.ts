import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPaths } from '../../src/ingest/corpus.js';
import { LexiconEmbeddings } from '../../src/retrieval/embeddings/lexicon-embeddings.js';
import { createRetriever, openIndex } from '../../src/retrieval/index-store.js';
import { loadLexicon } from '../../src/retrieval/lexicon.js';
import { ownAcronyms } from '../../src/retrieval/names.js';
import type { Chunk } from '../../src/core/types.js';
import { copyCorpus } from '../helpers/corpus.js';

const chunk = (docId: string, text: string): Chunk => ({ id: `${docId}#${text.length}`, docId, sectionPath: [], text, start: 0, end: text.length, itemNumber: null, translations: {}, sectionTranslations: {} });

describe('the acronyms a document owns', () => {
  it('are those written in its opening that no other document uses', () => {
    const owned = ownAcronyms([
      chunk('a', 'The NUKTANI regional training is open to ASEAN researchers.'),
      chunk('a', 'GeoVIP-2027 and CASS-WCM are other programmes; fees are in USD.'),
      chunk('a', `${'Each participant brings a laptop. '.repeat(20)}Send the files on a USB stick.`),
      chunk('b', 'The ASEAN fellowship pays USD 1,000 a month; GeoVIP alumni are welcome.'),
    ]);
    expect(owned.get('nuktani')).toBe('a');
    expect(owned.get('cass')).toBe('a');
    expect(owned.get('wcm')).toBe('a');
    // Used by both documents: no document's own name.
    expect(owned.has('asean')).toBe(false);
    expect(owned.has('usd')).toBe(false);
    expect(owned.has('geovip')).toBe(false);
    // Met only far from the opening: a thing the document speaks of, not its name.
    expect(owned.has('usb')).toBe(false);
  });

  it("lift that document's passages for a question that writes one, above another document's passage of the same kind", async () => {
    const dirs = await copyCorpus();
    await writeFile(join(dirs.corpus, 'documents', '910_fellowship.md'), '# Marine fellowship 2027\n\n## Eligibility\n\nAge limit for applicants: applicants must be no older than 40 years. The age limit applies to all applicants.\n');
    await writeFile(join(dirs.corpus, 'documents', '911_training.md'), '# NUKTANI regional training 2027\n\n## About\n\nNUKTANI trains ASEAN plant breeders in Jakarta.\n\n## Who may apply\n\nThose who apply must be 45 or younger.\n');
    const lexicon = await loadLexicon(corpusPaths(dirs.corpus).lexicon);
    const embeddings = new LexiconEmbeddings(lexicon);
    const { index } = await openIndex({ dir: join(dirs.data, 'index'), paths: corpusPaths(dirs.corpus), lexicon, embeddings });
    const retriever = createRetriever(index, { lexicon, embeddings });
    const { passages } = await retriever.retrieve({ query: 'nuktani: what is the age limit for applicants?', k: 5 });
    expect(passages[0]!.chunk.docId).toBe('911_training');
    // Without the acronym, the other document's sentence, closer in words, comes first.
    const plain = await retriever.retrieve({ query: 'what is the age limit for applicants?', k: 5 });
    expect(plain.passages[0]!.chunk.docId).toBe('910_fellowship');
  });
});
