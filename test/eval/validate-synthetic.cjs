const fs=require('fs'),path=require('path');
const D='/work/main/corpus/documents';
const docs={};for(const f of fs.readdirSync(D))if(f.endsWith('.txt'))docs[f.slice(0,3)]=fs.readFileSync(path.join(D,f),'utf8');
const LANGS=['en','zh-Hans','zh-Hant','th','vi','id','ms','km','lo','my','fil','ta','pt','tet'];
const NEED={fact:2,fields:1,modes:2,quote:1,multi:1,unanswerable:1};
const lines=fs.readFileSync(process.argv[2],'utf8').split('\n').filter(l=>l.trim());
let err=[];const ids=new Set(),per={},qs=new Set(),docUse={};
lines.forEach((l,i)=>{let o;try{o=JSON.parse(l)}catch(e){err.push(`line ${i+1}: bad JSON`);return}
 for(const k of['id','lang','type','question','gold','answer_keywords','must_not','notes'])if(!(k in o))err.push(`${o.id}: missing ${k}`);
 if(ids.has(o.id))err.push(`dup id ${o.id}`);ids.add(o.id);
 if(!LANGS.includes(o.lang))err.push(`${o.id}: bad lang`);
 if(!o.id.startsWith(`syn-${o.lang}-`))err.push(`${o.id}: id/lang mismatch`);
 if(!(o.type in NEED))err.push(`${o.id}: bad type`);
 if(qs.has(o.question))err.push(`${o.id}: dup question`);qs.add(o.question);
 (per[o.lang]??={})[o.type]=(per[o.lang][o.type]||0)+1;
 if(o.type==='unanswerable'){if(o.gold.length)err.push(`${o.id}: unanswerable with gold`);if(!o.must_not.length)err.push(`${o.id}: empty must_not`)}
 else{if(o.gold.length<1||o.gold.length>3)err.push(`${o.id}: gold count ${o.gold.length}`);if(!o.answer_keywords.length)err.push(`${o.id}: no keywords`);
  if(o.type==='multi'&&new Set(o.gold.map(g=>g.doc)).size<2)err.push(`${o.id}: multi from one doc`);
  for(const g of o.gold){const t=docs[g.doc];if(!t){err.push(`${o.id}: unknown doc ${g.doc}`);continue}
   const n=[...g.quote].length;if(n<6||n>25)err.push(`${o.id}: quote length ${n}: ${g.quote}`);
   if(!t.includes(g.quote))err.push(`${o.id}: quote not in ${g.doc}: ${g.quote}`);
   if(/[\n\r]/.test(g.quote))err.push(`${o.id}: quote has line break`);
   if(/\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)/.test(g.quote))err.push(`${o.id}: quote has pinyin`);
   docUse[g.doc]=(docUse[g.doc]||0)+1;}}
});
for(const L of LANGS){const p=per[L]||{};const tot=Object.values(p).reduce((a,b)=>a+b,0);if(tot!==8)err.push(`${L}: ${tot} questions`);
 for(const[t,n]of Object.entries(NEED))if((p[t]||0)!==n)err.push(`${L}: ${t}=${p[t]||0}, need ${n}`);}
if(lines.length!==112)err.push(`total ${lines.length}`);
console.log('lines',lines.length,'gold quotes per doc',docUse);
if(err.length){console.log(err.join('\n'));process.exit(1)}console.log('OK');
