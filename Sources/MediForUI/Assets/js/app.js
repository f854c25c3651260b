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
