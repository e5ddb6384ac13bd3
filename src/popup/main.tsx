import { render } from 'preact';
import '../ui/page.css';
import { PopupApp } from './PopupApp.tsx';

render(<PopupApp />, document.getElementById('app')!);
