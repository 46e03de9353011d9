#!/usr/bin/env python3
"""Checks questions.jsonl of the newdocs-3 blind set against its documents."""
import glob, json, os, sys
from collections import Counter, defaultdict
here = os.path.dirname(os.path.abspath(__file__))
docs = {os.path.basename(p)[:3]: open(p, encoding="utf-8").read() for p in glob.glob(os.path.join(here, "documents", "*"))}
LANGS = "en zh-Hans zh-Hant th vi id ms km lo my fil ta pt tet".split()
errs = []
lines = open(os.path.join(here, "questions.jsonl"), encoding="utf-8").read().splitlines()
if len(lines) != 168: errs.append(f"{len(lines)} lines, expected 168")
per = defaultdict(list); ids = set()
for i, line in enumerate(lines, 1):
    try: q = json.loads(line)
    except Exception as e: errs.append(f"line {i}: bad JSON {e}"); continue
    for k in ["id", "lang", "type", "question", "gold", "answer_keywords", "must_not", "notes"]:
        if k not in q: errs.append(f"{i}: missing {k}")
    if q["id"] in ids: errs.append(f"dup id {q['id']}")
    ids.add(q["id"]); per[q["lang"]].append(q)
    if not q["id"].startswith(f"n3-{q['lang']}-"): errs.append(f"{q['id']}: id/lang mismatch")
    ans = q["type"] in ("fact", "modes", "quote", "fields", "multi")
    if ans and not q["gold"]: errs.append(f"{q['id']}: answerable without gold")
    if not ans and q["gold"]: errs.append(f"{q['id']}: gold on {q['type']}")
    if q["type"] == "unanswerable" and not q["must_not"]: errs.append(f"{q['id']}: unanswerable without must_not")
    for g in q["gold"]:
        s, d = g["quote"], docs.get(g["doc"])
        if d is None: errs.append(f"{q['id']}: unknown doc {g['doc']}"); continue
        if not 8 <= len(s) <= 40: errs.append(f"{q['id']}: quote length {len(s)}")
        if s not in d: errs.append(f"{q['id']}: quote not in {g['doc']}: {s}")
        if "\n" in s: errs.append(f"{q['id']}: quote crosses a line")
        if g["doc"] == "405" and ("<" in s or ">" in s): errs.append(f"{q['id']}: quote crosses HTML tags")
for L in LANGS:
    qs = per.get(L, [])
    t = Counter(q["type"] for q in qs)
    ansq = [q for q in qs if q["type"] in ("fact", "modes", "quote")]
    if len(qs) != 12: errs.append(f"{L}: {len(qs)} questions")
    if len(ansq) != 7 or t["modes"] < 1 or t["quote"] < 1: errs.append(f"{L}: answerable mix {dict(t)}")
    if t["unanswerable"] != 4: errs.append(f"{L}: {t['unanswerable']} unanswerable")
    if t["smalltalk"] + t["offtopic"] != 1: errs.append(f"{L}: smalltalk/offtopic {t['smalltalk']+t['offtopic']}")
    covered = {g["doc"] for q in ansq for g in q["gold"]}
    if covered != set(docs): errs.append(f"{L}: answerable docs {sorted(covered)}")
if set(per) - set(LANGS): errs.append(f"unexpected langs {set(per)-set(LANGS)}")
for k, v in docs.items():
    n = len(v.encode("utf-8"))
    if not 4096 <= n <= 12288: errs.append(f"doc {k}: {n} bytes")
print("\n".join(errs) if errs else "OK: 168 lines, 12 per language, all gold quotes verbatim")
sys.exit(1 if errs else 0)
