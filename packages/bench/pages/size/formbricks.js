import formbricks from '@formbricks/js';
window.__formbricks = formbricks;
