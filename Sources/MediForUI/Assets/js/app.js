// Loaded on every page: the keyboard help, global navigation keys, print buttons.
import { shortcuts } from './util.js';

const help = document.getElementById('help');
function openHelp() { if (help && !help.open) help.showModal(); }

document.querySelectorAll('[data-help]').forEach((button) => button.addEventListener('click', openHelp));
document.querySelectorAll('[data-print]').forEach((button) => button.addEventListener('click', () => window.print()));

const onDetail = document.querySelector('.detail') !== null;
shortcuts({
  '?': openHelp,
  g: () => { window.location.href = '/gallery'; },
  u: () => { window.location.href = '/upload'; },
  a: () => { if (!onDetail) window.location.href = '/analytics'; },
});

// A picture the browser cannot decode (a corrupt, truncated or mislabelled file) gets a labelled note instead of
// the browser's broken-image icon: "no preview" on a card, an explanation and a download link on the detail page.
function unshowable(img) {
  if (img.dataset.unshowable) return;
  img.dataset.unshowable = '1';
  img.hidden = true;
  const note = document.createElement('span');
  if (img.id === 'media') {
    note.className = 'no-preview';
    note.textContent = 'The browser cannot display this file: it may be corrupt, truncated or not what its name says. '
      + 'The analytics\u2019 results below say what they could read.';
    const stage = img.closest('.stage');
    (stage || img).after(note);
    if (stage) stage.hidden = true;
  } else {
    note.className = 'thumb-none';
    note.textContent = 'no preview';
    img.after(note);
  }
}
const broken = (img) => img.complete && img.naturalWidth === 0 && img.getAttribute('src');
document.querySelectorAll('img').forEach((img) => { if (broken(img)) unshowable(img); });
document.addEventListener('error', (event) => {
  if (event.target instanceof HTMLImageElement) unshowable(event.target);
}, true);
