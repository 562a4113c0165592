/**
 * `/`: links to the member card, the counter and the owner console. A member
 * signed in on this phone goes straight to their card; a till signed in in this
 * tab goes back to the counter.
 */
import { loadMemberSession } from './member-session';

if (loadMemberSession()) location.replace('/me');
else if (sessionStorage.getItem('regulars.counter.session')) location.replace('/cashier');
