// The WebSocket (/api/v1/ws): subscribes to the player's villages and hands every
// village_update to the listeners. Reconnects with backoff; after a reconnect the views
// re-read their village (the server does not replay missed frames).
const listeners = new Set();
let socket = null;
let wanted = new Set();
let backoff = 500;
let pinger = null;
let stopped = true;
const stateListeners = new Set();

export function onUpdate(fn) { listeners.add(fn); return () => listeners.delete(fn); }
export function onState(fn) { stateListeners.add(fn); }
export const connected = () => socket && socket.readyState === WebSocket.OPEN;

export function start(villageIds) {
  wanted = new Set(villageIds);
  stopped = false;
  if (socket && socket.readyState <= WebSocket.OPEN) {
    if (connected()) wanted.forEach(subscribe);
    return;
  }
  open();
}

export function stop() {
  stopped = true;
  clearInterval(pinger);
  if (socket) socket.close(1000, 'signed out');
  socket = null;
}

export function watch(villageId) {
  wanted.add(villageId);
  if (connected()) subscribe(villageId);
}

function subscribe(id) {
  socket.send(JSON.stringify({ type: 'subscribe_village', village_id: id }));
}

function open() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${proto}//${location.host}/api/v1/ws`);
  socket = ws;
  ws.addEventListener('message', (ev) => {
    let frame;
    try { frame = JSON.parse(ev.data); } catch { return; }
    if (frame.type === 'connected') {
      backoff = 500;
      wanted.forEach(subscribe);
      stateListeners.forEach((fn) => fn('open'));
    } else if (frame.type === 'village_update') {
      listeners.forEach((fn) => fn(frame));
    }
  });
  ws.addEventListener('close', (ev) => {
    clearInterval(pinger);
    if (socket !== ws) return;
    socket = null;
    stateListeners.forEach((fn) => fn(ev.code === 1008 ? 'revoked' : 'closed'));
    if (stopped || ev.code === 1008) return;
    setTimeout(() => { if (!stopped && !socket) open(); }, backoff);
    backoff = Math.min(backoff * 2, 15000);
  });
  clearInterval(pinger);
  pinger = setInterval(() => {
    if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
  }, 25000);
}
