import { render } from 'preact';
import '../ui/page.css';
import './options.css';
import { OptionsApp } from './OptionsApp.tsx';

render(<OptionsApp />, document.getElementById('app')!);
