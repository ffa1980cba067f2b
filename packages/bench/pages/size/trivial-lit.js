import '../lib/trivial-lit.js';
