// Every unit test gets a fresh in-memory IndexedDB (the real one exists only in browsers; the e2e suite uses it).
import 'fake-indexeddb/auto';
