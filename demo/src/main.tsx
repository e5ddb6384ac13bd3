/** Entry point of the demo helpdesk. */
import { render } from 'preact';
import { App } from './app.tsx';
import { createLongThread, createSeedTickets } from './tickets.ts';
// ProseMirror's required base styles (white-space handling, selection), then ours.
import 'prosemirror-view/style/prosemirror.css';
import './style.css';

const root = document.getElementById('app');
if (!root) throw new Error('demo/index.html has no #app element to mount the helpdesk in');
// `?thread=200`: one more ticket (#1099) with that many messages, for measuring a long conversation.
const thread = Number(new URLSearchParams(location.search).get('thread'));
const tickets = createSeedTickets();
if (Number.isInteger(thread) && thread > 0 && thread <= 5000) tickets.push(createLongThread(thread));
render(<App initialTickets={tickets} />, root);
