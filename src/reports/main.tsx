import { render } from 'preact';
import '../ui/page.css';
import { ReportsApp } from './ReportsApp.tsx';

render(<ReportsApp />, document.getElementById('app')!);
