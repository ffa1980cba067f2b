import type { MessageKey, Message } from '../i18n.js';

/** Bahasa Indonesia. Indonesian has no grammatical plural: only `other`. */
export const id: Record<Extract<MessageKey, `core.${string}`>, Message> = {
  'core.loading': 'Memuat…',
  'core.retry': 'Coba lagi',
  'core.dismiss': 'Tutup',
  'core.cancel': 'Batal',
  'core.empty': 'Belum ada apa pun di sini.',
  'core.error.title': 'Terjadi kesalahan di bagian ini.',
  'core.error.detail': 'Bagian lain halaman ini tetap berfungsi. Silakan coba lagi dalam beberapa saat.',
  'core.offline': 'Anda sedang tidak terhubung ke internet. Tulisan Anda disimpan dan akan dikirim saat Anda terhubung kembali.',
  'core.config.missing.title': 'Layanan ini belum tersedia di halaman ini.',
  'core.config.missing.fix': 'Untuk tim situs web: {fix}',
  'core.config.invalid.title': 'Layanan ini belum diatur dengan benar di halaman ini.',
  'core.storage.memoryOnly':
    'Peramban ini tidak mengizinkan kami menyimpan tulisan Anda di perangkat ini. Tulisan yang belum terkirim akan hilang jika halaman dimuat ulang atau ditutup.',
  'core.outbox.pending': { other: '{count} item menunggu dikirim' },
  'core.outbox.sending': 'Mengirim…',
  'core.outbox.failed': 'Belum terkirim. Kami akan terus mencoba.',
  'core.outbox.rejected': 'Tidak terkirim: {reason}',
  'core.outbox.unauthorized': 'Tidak terkirim: silakan masuk lagi. Tulisan Anda tetap tersimpan.',
  'core.outbox.unavailable': 'Tidak terkirim: halaman ini tidak dapat terhubung ke rumah sakit. Tulisan Anda tetap tersimpan di sini; silakan coba lagi saat Anda terhubung kembali ke internet.',
  'core.draft.restored': 'Kami memulihkan tulisan Anda yang belum terkirim.',
  'core.error.prefix': 'Kesalahan:',
};
