import { render } from 'preact';
import '../ui/page.css';
import './sidepanel.css';
import { SidePanelApp } from './SidePanelApp.tsx';

render(<SidePanelApp />, document.getElementById('app')!);
