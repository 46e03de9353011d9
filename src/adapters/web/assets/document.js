// The document page: bring the highlighted passage into view and move focus to it.
const marked = document.querySelector('.passage.highlight');
if (marked) {
  marked.setAttribute('tabindex', '-1');
  marked.scrollIntoView({ block: 'center' });
  marked.focus({ preventScroll: true });
}
