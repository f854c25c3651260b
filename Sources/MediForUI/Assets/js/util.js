// Helpers shared by the page modules. No side effects on import.

/** Whether a key event happens while the user types into a field (shortcuts must not fire then). */
export function isTyping(event) {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target.getAttribute('type') || 'text').toLowerCase();
    return !['checkbox', 'radio', 'range', 'button', 'submit', 'file'].includes(type);
  }
  return false;
}

/** Registers single-key shortcuts: `{ key: handler }`; ignored with modifiers or while typing. */
export function shortcuts(map) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
    const handler = map[event.key];
    if (handler) {
      event.preventDefault();
      handler(event);
    }
  });
}

/** Parses an HTML fragment into a detached document. */
export function parseHTML(text) {
  return new DOMParser().parseFromString(text, 'text/html');
}

/** Formats a byte count for people. */
export function formatBytes(count) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return unit === 0 ? `${count} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
