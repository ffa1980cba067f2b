import '@careline/community-feed/define.js';
