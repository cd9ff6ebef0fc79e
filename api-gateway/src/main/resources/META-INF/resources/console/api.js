// The console's only way to the platform: the public REST API, with the key from sessionStorage.
const KEY = 'baton.apiKey';

/** An answer other than 2xx, with its problem+json document when the gateway sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

let onUnauthorized = () => {};
/** Called when the gateway answers 401: the key is gone or wrong. */
export function whenUnauthorized(handler) { onUnauthorized = handler; }

async function failure(response) {
  let problem = null;
  const type = response.headers.get('content-type') || '';
  if (type.includes('json')) {
    try { problem = await response.json(); } catch (e) { problem = null; }
  }
  if (response.status === 401) onUnauthorized();
  return new ApiError(response.status, problem);
}

/** Calls the API; resolves to the JSON body (or null), rejects with an ApiError. */
export async function api(path, { method = 'GET', json, body, type, signal } = {}) {
  const headers = { 'X-API-Key': apiKey.get() || '', Accept: 'application/json, application/problem+json' };
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (type) {
    headers['Content-Type'] = type;
  }
  const response = await fetch(path, { method, headers, body, signal });
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Follows a Server-Sent Events stream (fetch, because EventSource cannot send the key header);
 * calls onEvent(type, data) for each event until the stream ends or the signal aborts.
 */
export async function follow(path, onEvent, signal) {
  const response = await fetch(path, { headers: { 'X-API-Key': apiKey.get() || '', Accept: 'text/event-stream' }, signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(type, JSON.parse(data.join('\n')));
    }
  }
}

/** Uploads a file with PUT, reporting progress (0..1); resolves to the JSON answer. */
export function upload(path, file, type, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', path);
    xhr.setRequestHeader('X-API-Key', apiKey.get() || '');
    xhr.setRequestHeader('Content-Type', type);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let answer = null;
      try { answer = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { answer = null; }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(answer);
      } else {
        if (xhr.status === 401) onUnauthorized();
        reject(new ApiError(xhr.status, answer));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: 'the gateway could not be reached' }));
    xhr.send(file);
  });
}
