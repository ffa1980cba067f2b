import 'deep-chat';
