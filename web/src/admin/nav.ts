/**
 * The console's pages, in navigation order. Adding a page (tiers, rebates, retention,
 * messages, …) is one entry here and one component under pages/.
 */
export interface NavItem {
  /** First part of the hash route: #/<path>/… */
  path: string;
  label: string;
  /** Roles that see it (the API enforces the same on every route). */
  roles: ('owner' | 'manager')[];
}

export const NAV: NavItem[] = [
  { path: 'dashboard', label: 'Dashboard', roles: ['owner', 'manager'] },
  { path: 'members', label: 'Members', roles: ['owner', 'manager'] },
  { path: 'products', label: 'Products', roles: ['owner', 'manager'] },
  { path: 'program', label: 'Reward program', roles: ['owner', 'manager'] },
  { path: 'rewards', label: 'Rewards', roles: ['owner', 'manager'] },
  { path: 'tiers', label: 'Tiers', roles: ['owner', 'manager'] },
  { path: 'club', label: 'Club', roles: ['owner', 'manager'] },
  { path: 'at-risk', label: 'Customers at risk', roles: ['owner', 'manager'] },
  { path: 'lost', label: 'Lost customers', roles: ['owner', 'manager'] },
  { path: 'review', label: 'Monthly review', roles: ['owner', 'manager'] },
  { path: 'liability', label: 'Redemptions', roles: ['owner', 'manager'] },
  { path: 'import', label: 'Import history', roles: ['owner', 'manager'] },
  { path: 'messages', label: 'Messages', roles: ['owner', 'manager'] },
  { path: 'message-templates', label: 'Message templates', roles: ['owner', 'manager'] },
  { path: 'message-settings', label: 'Message settings', roles: ['owner', 'manager'] },
  { path: 'surveys', label: 'Survey results', roles: ['owner', 'manager'] },
  { path: 'companies', label: 'Business customers', roles: ['owner', 'manager'] },
  { path: 'rebates', label: 'Volume rebates', roles: ['owner', 'manager'] },
  { path: 'staff', label: 'Staff', roles: ['owner', 'manager'] },
  { path: 'locations', label: 'Locations', roles: ['owner', 'manager'] },
  { path: 'keys', label: 'POS keys', roles: ['owner'] },
];
