// Upload: drag and drop of files and folders, a queue with per-file progress, two uploads at a time.
import { formatBytes } from './util.js';

const form = document.getElementById('upload-form');
const dropzone = document.getElementById('dropzone');
const fileInput = document.getElementById('file-input');
const folderInput = document.getElementById('folder-input');
const queueList = document.getElementById('queue');
const summary = document.getElementById('queue-summary');
const maxFile = Number(form.dataset.maxFile || '0');
const mediaExtensions = /\.(jpe?g|png|gif|bmp|tiff?|webp|heic|dng|nef|cr2|arw|mp4|m4v|mov|avi|mkv|webm|mpe?g|mts|ts|3gp|wmv|flv)$/i;
const parallel = 2;
const queue = [];
let active = 0;
// Files wait until the analyst presses "Upload and analyse" (so tags and choices apply); later files start at once.
let started = false;
const counts = { done: 0, failed: 0, skipped: 0 };

function isMedia(file) {
  return file.type.startsWith('image/') || file.type.startsWith('video/') || mediaExtensions.test(file.name);
}

function addRow(name, size) {
  const row = document.createElement('li');
  row.innerHTML = '<span class="qname"></span><progress max="100" value="0"></progress><span class="qstate">waiting</span>';
  row.querySelector('.qname').textContent = name;
  row.querySelector('.qname').title = `${name} (${formatBytes(size)})`;
  row.querySelector('progress').setAttribute('aria-label', `upload progress of ${name}`);
  queueList.appendChild(row);
  return row;
}

function setState(row, text, kind, href) {
  const state = row.querySelector('.qstate');
  state.className = `qstate ${kind || ''}`;
  state.textContent = '';
  if (href) {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = text;
    state.appendChild(link);
  } else {
    state.textContent = text;
  }
}

function updateSummary() {
  const pending = queue.length + active;
  const parts = [`${counts.done} submitted`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  if (pending) parts.push(started ? `${pending} to go` : `${pending} ready: press “Upload and analyse”`);
  summary.textContent = parts.join(', ') + (pending === 0 && counts.done ? ' — ' : '');
  if (pending === 0 && counts.done) {
    const link = document.createElement('a');
    link.href = '/gallery';
    link.textContent = 'open the gallery';
    summary.appendChild(link);
  }
}

function enqueue(file, relativePath) {
  const name = relativePath || file.webkitRelativePath || file.name;
  const row = addRow(name, file.size);
  if (!isMedia(file)) {
    row.querySelector('progress').remove();
    setState(row, 'skipped: not an image or video', 'err');
    counts.skipped += 1;
  } else if (maxFile && file.size > maxFile) {
    setState(row, `too large (limit ${formatBytes(maxFile)})`, 'err');
    counts.failed += 1;
  } else {
    queue.push({ file, name, row });
  }
  updateSummary();
  pump();
}

function formFields() {
  const data = new FormData();
  data.append('tags', document.getElementById('tags').value);
  form.querySelectorAll('input[name="analytic"]:checked').forEach((box) => data.append('analytic', box.value));
  form.querySelectorAll('input[name="fuser"]:checked').forEach((box) => data.append('fuser', box.value));
  return data;
}

function send(item) {
  active += 1;
  const data = formFields();
  data.append('files', item.file, item.name);
  const request = new XMLHttpRequest();
  request.open('POST', '/upload');
  request.setRequestHeader('Accept', 'application/json');
  request.upload.addEventListener('progress', (event) => {
    if (event.lengthComputable) item.row.querySelector('progress').value = Math.round((event.loaded / event.total) * 100);
    setState(item.row, 'uploading');
  });
  request.addEventListener('load', () => {
    let result = null;
    try { result = JSON.parse(request.responseText); } catch (error) { result = null; }
    const entry = result && result.results ? result.results[0] : null;
    item.row.querySelector('progress').value = 100;
    if (request.status < 300 && entry && entry.id) {
      counts.done += 1;
      setState(item.row, 'submitted — view', 'ok', entry.href);
    } else {
      counts.failed += 1;
      const message = entry ? entry.message : (result && result.error) || `HTTP ${request.status}`;
      setState(item.row, message, 'err');
    }
    finish();
  });
  request.addEventListener('error', () => {
    counts.failed += 1;
    setState(item.row, 'the upload was interrupted', 'err');
    finish();
  });
  request.send(data);
}

function finish() {
  active -= 1;
  updateSummary();
  pump();
}

function pump() {
  while (started && active < parallel && queue.length) send(queue.shift());
  updateSummary();
}

// Folders dropped: walk them (webkitGetAsEntry), keeping each file's path relative to the drop.
async function walk(entry, path) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    enqueue(file, path + file.name);
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    let batch;
    do {
      batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      for (const child of batch) await walk(child, `${path}${entry.name}/`);
    } while (batch.length > 0);
  }
}

function handleDrop(event) {
  event.preventDefault();
  dropzone.classList.remove('over');
  const items = [...(event.dataTransfer.items || [])];
  const entries = items.map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  if (entries.length && entries.every(Boolean)) {
    entries.forEach((entry) => walk(entry, ''));
  } else {
    [...event.dataTransfer.files].forEach((file) => enqueue(file));
  }
}

['dragenter', 'dragover'].forEach((type) => document.addEventListener(type, (event) => {
  event.preventDefault();
  dropzone.classList.add('over');
}));
document.addEventListener('dragleave', (event) => { if (!event.relatedTarget) dropzone.classList.remove('over'); });
document.addEventListener('drop', handleDrop);

fileInput.addEventListener('change', () => { [...fileInput.files].forEach((file) => enqueue(file)); fileInput.value = ''; });
folderInput.addEventListener('change', () => { [...folderInput.files].forEach((file) => enqueue(file)); folderInput.value = ''; });
form.addEventListener('submit', (event) => {
  event.preventDefault();
  started = true;
  pump();
});
form.querySelectorAll('[data-check]').forEach((button) => button.addEventListener('click', () => {
  form.querySelectorAll(`input[name="${button.dataset.check}"]`).forEach((box) => { box.checked = button.dataset.value === '1'; });
}));
