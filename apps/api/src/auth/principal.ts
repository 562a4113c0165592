/** Staff roles (a business's people); the businesses module stores them on staff users. */
export const STAFF_ROLES = ['owner', 'manager', 'cashier'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling. Every principal belongs to exactly one business. */
export type Principal =
  | { kind: 'staff'; businessId: string; staffId: string; role: StaffRole }
  | { kind: 'member'; businessId: string; memberId: string }
  | { kind: 'api_key'; businessId: string; apiKeyId: string };

/** Roles checked by @Auth(): staff roles, 'pos' for API keys, 'member' for members. */
export type Role = StaffRole | 'pos' | 'member';

export function roleOf(p: Principal): Role {
  switch (p.kind) {
    case 'staff':
      return p.role;
    case 'member':
      return 'member';
    case 'api_key':
      return 'pos';
  }
}

/** JWT claims. */
export interface TokenClaims {
  sub: string;
  bid: string;
  typ: 'staff' | 'member';
  role?: StaffRole;
}
