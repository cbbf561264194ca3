/** A person to sign in as in embedded/dev mode (the dev-token route mints a token for them). */
export interface DemoUser {
  sub: string;
  role: 'applicant' | 'registrar' | 'executor' | 'approver' | 'head' | 'auditor' | 'admin' | 'press';
  agencyId?: string;
  name: string;
}

/**
 * The demo users the "sign in as" screen lists: two citizens, the staff of the Almaty city akimat and of the
 * Ministry of Education, an auditor, an admin and a press officer. Staff agencies are ids of the demo seed.
 */
export const demoUsers = (): DemoUser[] => [
  { sub: 'citizen-1', role: 'applicant', name: 'Айгерим Садыкова' },
  { sub: 'citizen-2', role: 'applicant', name: 'Ерлан Жумабаев' },
  { sub: 'registrar-almaty', role: 'registrar', agencyId: 'akimat-almaty', name: 'Динара Ахметова' },
  { sub: 'executor-almaty', role: 'executor', agencyId: 'akimat-almaty', name: 'Нурлан Касымов' },
  { sub: 'approver-almaty', role: 'approver', agencyId: 'akimat-almaty', name: 'Гульнара Искакова' },
  { sub: 'head-almaty', role: 'head', agencyId: 'akimat-almaty', name: 'Бауыржан Омаров' },
  { sub: 'registrar-mon', role: 'registrar', agencyId: 'mon', name: 'Асель Нургалиева' },
  { sub: 'executor-mon', role: 'executor', agencyId: 'mon', name: 'Тимур Сейтказиев' },
  { sub: 'approver-mon', role: 'approver', agencyId: 'mon', name: 'Жанар Абдрахманова' },
  { sub: 'auditor-1', role: 'auditor', name: 'Марат Тулеуов' },
  { sub: 'admin-1', role: 'admin', name: 'Алия Жаксылыкова' },
  { sub: 'press-1', role: 'press', name: 'Данияр Есенов' },
];
