import { describe, expect, it } from 'vitest';
import { loadFollowUpCues, readFollowUp } from '../../src/answer/conversation.js';
import type { Chunk } from '../../src/core/types.js';
import type { Turn } from '../../src/store/store.js';
import { offlineRuntime } from '../helpers/runtime.js';

const turn = (over: Partial<Turn> = {}): Turn => ({ question: 'q', resolved: 'What does item 4 of the initiative say?', language: 'en', found: true, chunkIds: ['d#4'], at: new Date(), ...over });
const item = (n: number, section = ['Initiative', `${n} thing`]): Chunk => ({ id: `d#${n}`, docId: 'd', itemNumber: n, sectionPath: section }) as unknown as Chunk;

describe('reading a message against the last turn', () => {
  it('tells a request to say the last answer in another language from a question that names a people', async () => {
    const cues = await loadFollowUpCues();
    const read = (m: string) => readFollowUp(m, turn(), { cues, chunks: [], subjects: [] });
    for (const [message, language] of [
      ['say that in Thai', 'th'], ['Thai please', 'th'], ['in Khmer?', 'km'], ['dịch sang tiếng Việt giúp tôi', 'vi'], ['用泰语说', 'th'],
      ['แปลเป็นภาษาลาวหน่อย', 'lo'], ['terjemahkan ke bahasa Indonesia', 'id'], ['em português, por favor', 'pt'], ['pakisalin sa Tagalog', 'fil'],
      ['繁體中文', 'zh-Hant'], ['បកប្រែជាភាសាខ្មែរ', 'km'], ['Burmese', 'my'], ['தமிழில்', 'ta'], ['iha lia Tetun', 'tet'],
    ] as const) {
      expect(read(message), message).toMatchObject({ kind: 'translate', language });
    }
    for (const message of ['what about Khmer partners?', 'Can Thai universities apply?', 'Which Vietnamese institutes took part in the forum?']) {
      expect(read(message)?.kind, message).not.toBe('translate');
    }
  });

  it('finds the next or previous item under the same heading, and only when the message names no subject', async () => {
    const cues = await loadFollowUpCues();
    const chunks = [item(3), item(4), item(5), item(5, ['Other list', '5 other'])];
    expect(readFollowUp('and the next item?', turn(), { cues, chunks, subjects: [] })).toMatchObject({ kind: 'item', chunk: { id: 'd#5' } });
    expect(readFollowUp('แล้วข้อก่อนหน้าล่ะ', turn(), { cues, chunks, subjects: [] })).toMatchObject({ kind: 'item', chunk: { id: 'd#3' } });
    expect(readFollowUp('下一条呢', turn(), { cues, chunks, subjects: [] })).toMatchObject({ kind: 'item', chunk: { id: 'd#5' } });
    // After an article quoted whole (its clauses 3 and 4 in order), the next item follows its last clause; after a
    // quote of items of two lists, the first one quoted.
    const article = [item(3), item(4), item(5), item(6)];
    expect(readFollowUp('and the next item?', turn({ chunkIds: ['d#3', 'd#4'] }), { cues, chunks: article, subjects: [] })).toMatchObject({ kind: 'item', chunk: { id: 'd#5' } });
    expect(readFollowUp('and the previous one?', turn({ chunkIds: ['d#4', 'd#5'] }), { cues, chunks: article, subjects: [] })).toMatchObject({ kind: 'item', chunk: { id: 'd#3' } });
    const mixed = [item(3), item(4), { ...item(9, ['Other list', '9 other']), id: 'e#9', docId: 'e' } as Chunk, item(5)];
    expect(readFollowUp('and the next item?', turn({ chunkIds: ['d#4', 'e#9'] }), { cues, chunks: mixed, subjects: [] })).toMatchObject({ kind: 'item', chunk: { id: 'd#5' } });
    // "The next conference" names a subject: it is a question of its own, read with the last one at most.
    expect(readFollowUp('when is the next conference?', turn(), { cues, chunks, subjects: ['event.conference'] })?.kind).not.toBe('item');
    // No item after the last one, and no follow-up at all without a last turn.
    expect(readFollowUp('and the next item?', turn({ chunkIds: ['d#5'] }), { cues, chunks: chunks.slice(0, 3), subjects: [] })?.kind).toBe('context');
    expect(readFollowUp('and the next item?', undefined, { cues, chunks, subjects: [] })).toBeNull();
    // Follow-up words count at the start or end of a short message, not inside a question of its own.
    expect(readFollowUp('那联合实验室呢？', turn(), { cues, chunks, subjects: [] })).toMatchObject({ kind: 'context', cued: true });
    expect(readFollowUp('แล้วมหาวิทยาลัยในลาวล่ะ', turn(), { cues, chunks, subjects: [] })).toMatchObject({ kind: 'context', cued: true });
    for (const own of ['中国与东盟国家在哪些领域开展联合研究，那些项目如何申请？', 'โครงการนี้เปิดรับสมัครแล้วหรือยัง และต้องส่งเอกสารส่วนไหนบ้าง']) {
      expect(readFollowUp(own, turn(), { cues, chunks, subjects: ['mode.research'] }), own).toBeNull();
    }
    // A long question of its own is not a follow-up.
    expect(readFollowUp('How do universities in Laos apply for the joint research programme this year?', turn(), { cues, chunks, subjects: ['mode.research'] })).toBeNull();
  });
});

describe('conversations through the answer service', () => {
  it('follows "the next item", "say that in Thai" and "the previous one" within a conversation, and only there', async () => {
    const runtime = await offlineRuntime();
    const ask = (question: string, conversationId?: string) => runtime.answers.ask({ question, conversationId });
    const first = await ask('What does item 4 of the Innovation Road initiative say?', 'test:items');
    expect(first).toMatchObject({ found: true, kind: 'quote' });
    const quoted = runtime.index.chunks.find((c) => c.id === first.citations[0]!.chunkId)!;
    expect(quoted.itemNumber).toBe(4);
    const sibling = (n: number) => runtime.index.chunks.find((c) => c.docId === quoted.docId && c.itemNumber === n && c.sectionPath.slice(0, -1).join('>') === quoted.sectionPath.slice(0, -1).join('>'))!;

    const next = await ask('and the next item?', 'test:items');
    expect(next).toMatchObject({ found: true, kind: 'quote', language: 'en' });
    expect(next.citations[0]!.chunkId).toBe(sibling(5).id);
    const thai = await ask('say that in Thai', 'test:items');
    expect(thai).toMatchObject({ found: true, language: 'th' });
    expect(thai.citations[0]!.chunkId).toBe(sibling(5).id);
    expect(thai.text).toMatch(/[\u0e00-\u0e7f]/u);
    const back = await ask('แล้วข้อก่อนหน้าล่ะ', 'test:items');
    expect(back).toMatchObject({ found: true, language: 'th' });
    expect(back.citations[0]!.chunkId).toBe(sibling(4).id);

    // Another conversation, or none, has no last turn to follow.
    for (const alone of [await ask('and the next item?', 'test:other'), await ask('and the next item?')]) {
      expect(alone.citations.map((c) => c.chunkId)).not.toContain(sibling(5).id);
    }
  });

  it('reads a short follow-up with the question before it', async () => {
    const runtime = await offlineRuntime();
    const ask = (question: string) => runtime.answers.ask({ question, conversationId: 'test:context' });
    const first = await ask('Where was the 6th China-ASEAN technology transfer conference held?');
    expect(first.found).toBe(true);
    const alone = await runtime.answers.ask({ question: 'and who organised it?' });
    const followed = await ask('and who organised it?');
    expect(followed.retrieved[0]!.chunkId).toBe(first.retrieved[0]!.chunkId);
    expect(followed.retrieved.map((r) => r.chunkId)).not.toEqual(alone.retrieved.map((r) => r.chunkId));
  });
});
