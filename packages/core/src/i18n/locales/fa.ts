import type { MessageKey, Message } from '../i18n.js';

/** Persian (right-to-left). Persian distinguishes `one` and `other`. */
export const fa: Record<Extract<MessageKey, `core.${string}`>, Message> = {
  'core.loading': 'در حال بارگذاری…',
  'core.retry': 'تلاش دوباره',
  'core.dismiss': 'بستن',
  'core.cancel': 'انصراف',
  'core.empty': 'هنوز چیزی اینجا نیست.',
  'core.error.title': 'در این بخش مشکلی پیش آمد.',
  'core.error.detail': 'بقیهٔ صفحه همچنان کار می‌کند. لطفاً کمی بعد دوباره تلاش کنید.',
  'core.offline': 'شما آفلاین هستید. نوشته‌های شما نگه داشته می‌شود و وقتی دوباره آنلاین شوید فرستاده می‌شود.',
  'core.config.missing.title': 'این سرویس هنوز در این صفحه در دسترس نیست.',
  'core.config.missing.fix': 'برای تیم وب‌سایت: {fix}',
  'core.config.invalid.title': 'این سرویس در این صفحه درست تنظیم نشده است.',
  'core.storage.memoryOnly':
    'این مرورگر اجازه نمی‌دهد نوشتهٔ شما روی این دستگاه ذخیره شود. هر چه هنوز فرستاده نشده، با بارگذاری دوباره یا بستن صفحه از بین می‌رود.',
  'core.outbox.pending': { one: '{count} مورد در انتظار ارسال', other: '{count} مورد در انتظار ارسال' },
  'core.outbox.sending': 'در حال ارسال…',
  'core.outbox.failed': 'هنوز فرستاده نشده است. ما به تلاش ادامه می‌دهیم.',
  'core.outbox.rejected': 'فرستاده نشد: {reason}',
  'core.outbox.unauthorized': 'فرستاده نشد: لطفاً دوباره وارد شوید. نوشتهٔ شما نگه داشته شده است.',
  'core.outbox.unavailable': 'فرستاده نشد: این صفحه نتوانست به بیمارستان وصل شود. نوشتهٔ شما اینجا نگه داشته شده است؛ لطفاً وقتی دوباره آنلاین شدید دوباره تلاش کنید.',
  'core.draft.restored': 'نوشته‌ای را که هنوز نفرستاده بودید بازگرداندیم.',
  'core.error.prefix': 'خطا:',
};
