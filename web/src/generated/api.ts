/**
 * Generated from the app's OpenAPI document by `npm run api:client`
 * (apps/api/src/openapi). Do not edit: change the views and DTOs, then regenerate.
 * apps/api/src/openapi/client.spec.ts fails when this file is out of date.
 */
export interface paths {
    "/api/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List POS API keys (secrets are never shown again) */
        get: operations["BusinessesController_listKeys"];
        put?: never;
        /** Create a POS API key; the key is in this answer only */
        post: operations["BusinessesController_createKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a POS API key */
        delete: operations["BusinessesController_revokeKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/member/code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a one-time sign-in code to a member of the business (same answer whether or not the email is a member) */
        post: operations["MemberSignInController_requestCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/member/code/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with the one-time code → member bearer token (the member can then set a password) */
        post: operations["MemberSignInController_signInWithCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/member/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Member self-service login (business slug + email + password) → bearer token */
        post: operations["AuthController_memberLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/member/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign this device out: its refresh token stops working */
        post: operations["MemberSessionsController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/member/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new access token for a refresh token; the refresh token is replaced by the one answered */
        post: operations["MemberSessionsController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/staff/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Staff login (email + password) → bearer token */
        post: operations["AuthController_staffLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the credentials belong to */
        get: operations["AuthController_whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/business": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The business of the signed-in staff member */
        get: operations["BusinessesController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the business name, time zone or purchase amount limits */
        patch: operations["BusinessesController_update"];
        trace?: never;
    };
    "/api/businesses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign up a business with its owner; returns an owner token */
        post: operations["BusinessesController_signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/club": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The members-only club: access, benefits, consent wording, members per status */
        get: operations["ClubController_settings"];
        /** Create or change the club (open, paid or invitation-only) and its benefits */
        put: operations["ClubController_configure"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/club/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everyone with a club history and their status now (active first) */
        get: operations["ClubController_members"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members, activity, purchases and revenue, points issued and redeemed, stamp cards and rewards by week */
        get: operations["DashboardController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Import runs, newest first (state, committed line, counts) */
        get: operations["ImportsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One import run */
        get: operations["ImportsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/imports/purchases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import purchase history from the old till (CSV body, streamed): customers and purchases, idempotent by purchase id, batches committed with the import record; no points are awarded. dryRun=true reports every bad row and writes nothing. */
        post: operations["ImportsController_importPurchases"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/join/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the join page shows: the business name */
        get: operations["JoinController_info"];
        put?: never;
        /** Self sign-up through the business join link: a new person becomes a member; either way a one-time sign-in code is sent to the email (the answer is the same whether or not the email is a member already) */
        post: operations["JoinController_join"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ledger/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check every ledger invariant over the owner's business; lists each violation */
        get: operations["LedgerController_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List locations */
        get: operations["BusinessesController_listLocations"];
        put?: never;
        /** Add a location */
        post: operations["BusinessesController_createLocation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/locations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a location */
        patch: operations["BusinessesController_updateLocation"];
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in member's profile */
        get: operations["MeController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change own name, birthday (once), marketing consent or password */
        patch: operations["MeController_update"];
        trace?: never;
    };
    "/api/me/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Own active card with its QR payload */
        get: operations["MeController_card"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/card.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Own card as a QR code PNG */
        get: operations["MeController_png"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/card.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Own card as a QR code SVG */
        get: operations["MeController_svg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/club": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Own club membership and what the club offers */
        get: operations["MyClubController_mine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/club/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation to the club (expired, used or refused codes are refused) */
        post: operations["MyClubController_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/club/invitations/refuse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refuse an invitation to the club */
        post: operations["MyClubController_refuse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/club/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open club: join, agreeing to the consent wording shown */
        post: operations["MyClubController_join"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/club/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open club: leave */
        post: operations["MyClubController_leave"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Own consent per channel and purpose, with the log */
        get: operations["MeConsentsController_get"];
        put?: never;
        /** Give or withdraw own consent (source "me"), with the wording shown */
        post: operations["MeConsentsController_record"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Own points and stamps history with reasons, newest first */
        get: operations["MemberLoyaltyController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/loyalty": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Own points (available, pending, expiring in 30 days), stamp cards, rewards available now and how far each reward is */
        get: operations["MemberLoyaltyController_loyalty"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/rebates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The statements of the rebate agreements of the company the member buys for */
        get: operations["MyRebatesController_mine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The member's devices still signed in */
        get: operations["MemberSessionsController_list"];
        put?: never;
        /** Keep the signed-in member signed in on this device: a refresh token valid 180 days from its last use */
        post: operations["MemberSessionsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign one of the own devices out */
        delete: operations["MemberSessionsController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search members by name, email, phone or member number */
        get: operations["MembersController_search"];
        put?: never;
        /** Enrol a member at the counter (name and email or phone); a card is issued */
        post: operations["MembersController_enrol"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One member */
        get: operations["MembersController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a member profile */
        patch: operations["MembersController_update"];
        trace?: never;
    };
    "/api/members/{id}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Manual points adjustments of a member: who, when, why, how much */
        get: operations["MemberActivityController_adjustments"];
        put?: never;
        /** Add or take away points by hand, with a required reason; audited; idempotent by idempotencyKey */
        post: operations["MemberActivityController_adjust"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active card with its QR payload */
        get: operations["MembersController_card"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/card.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active card as a QR code PNG */
        get: operations["MembersController_cardPng"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/card.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active card as a QR code SVG */
        get: operations["MembersController_cardSvg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/card/reissue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the active card and issue a new one */
        post: operations["MembersController_reissue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/card/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the active card (lost or stolen); scans of it are refused */
        post: operations["MembersController_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/cards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All cards of a member, newest first */
        get: operations["MembersController_cards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/club": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's club membership: status, term, consent, open invitation, history */
        get: operations["ClubController_membership"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/club/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a membership at once (any access kind) */
        post: operations["ClubController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/club/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invitation-only club: a new invitation code and link for the member */
        post: operations["ClubController_invite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/club/opt-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open club: the member joins at the counter, agreeing to the wording shown to them */
        post: operations["ClubController_optIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/club/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Paid club: take the fee at the counter (a purchase of the membership product); a new term, or a renewal from the end of the current one */
        post: operations["ClubController_pay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's consent per channel and purpose, with the log (when, from where, which wording) */
        get: operations["ConsentsController_get"];
        put?: never;
        /** Record consent given or withdrawn, with its source and the wording shown */
        post: operations["ConsentsController_record"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's points and stamps history with reasons, newest first */
        get: operations["MemberActivityController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/loyalty": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's points, stamp-card progress and rewards available now */
        get: operations["MemberActivityController_loyalty"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/purchases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's purchases with their lines, newest first */
        get: operations["MemberActivityController_purchases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/tier": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's tier, progress, benefits, when it ends, and the tier history */
        get: operations["TiersController_memberTier"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/tier/manual": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a tier by hand (status match, complaint): a floor with a reason and an expiry, audited */
        post: operations["TiersController_manual"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/by-number/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Look a member up by member number (manual entry at the counter) */
        get: operations["MembersController_byNumber"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The outbox: messages, newest first, with their delivery status */
        get: operations["MessagesController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One message */
        get: operations["MessagesController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a dead-lettered message again (same Message-ID); 409 unless it is dead */
        post: operations["MessagesController_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/dev-mailbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The development mailbox: what would have been sent (no SMTP_URL / SMS gateway set) */
        get: operations["MessagesController_devMailbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/holdouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The holdout share of each campaign-like trigger (win-back, points expiring) */
        get: operations["HoldoutsController_settings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/holdouts/{type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the share of eligible members held back from a trigger (stable random assignment per member) */
        put: operations["HoldoutsController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/holdouts/{type}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Return rate and spend of messaged vs held-back members in the 30, 60 and 90 days after the message */
        get: operations["HoldoutsController_report"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/holdouts/{type}/report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The holdout report as CSV (one row per window and group) */
        get: operations["HoldoutsController_reportCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Language, quiet hours and weekly cap of messages */
        get: operations["MessagesController_settings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change language, quiet hours ("21:00-08:00" or "off") or weekly cap */
        patch: operations["MessagesController_updateSettings"];
        trace?: never;
    };
    "/api/messages/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The template of every message type (the shipped default until changed) */
        get: operations["MessagesController_templates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages/templates/{type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The template of one message type */
        get: operations["MessagesController_template"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a template (subject, text, HTML with {{variables}}) or turn its type off */
        patch: operations["MessagesController_updateTemplate"];
        trace?: never;
    };
    "/api/messages/templates/{type}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render a template with a real member's data; writes nothing */
        post: operations["MessagesController_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pos/purchases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's recent purchases, newest first, with what is left to return of each line */
        get: operations["PosController_recentPurchases"];
        put?: never;
        /** Record a purchase and award points and stamps; idempotent by the POS's transactionId */
        post: operations["PosController_purchase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pos/purchases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A recorded purchase as it was answered */
        get: operations["PosController_getPurchase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pos/receipts/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The purchase with this receipt code (8 characters 0-9 A-F; dashes and case ignored) */
        get: operations["PosController_byReceipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pos/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeem a reward (alone or on a purchase); atomic, idempotent by idempotencyKey */
        post: operations["PosController_redeem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pos/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Return a purchase fully or in part: reverses exactly what the returned lines earned */
        post: operations["PosController_returnPurchase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The product list (the counter shows the active ones as its items) */
        get: operations["ProductsController_list"];
        put?: never;
        /** Add a product (sku unique in the business) */
        post: operations["ProductsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product */
        get: operations["ProductsController_get"];
        put?: never;
        post?: never;
        /** Delete a product (purchases keep their own sku and category) */
        delete: operations["ProductsController_remove"];
        options?: never;
        head?: never;
        /** Change a product (price, name, category, sku, on sale or not) */
        patch: operations["ProductsController_update"];
        trace?: never;
    };
    "/api/program": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Program settings (return policies) */
        get: operations["RulesController_program"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change program settings */
        patch: operations["RulesController_updateProgram"];
        trace?: never;
    };
    "/api/rebates/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rebate agreements with their versions */
        get: operations["RebatesController_agreements"];
        put?: never;
        /** Create an agreement with its first version (validated by @regulars/rebates) */
        post: operations["RebatesController_createAgreement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/agreements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One agreement with its versions */
        get: operations["RebatesController_agreement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/agreements/{id}/scheduled-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agreement's scheduled settlement runs (cron rebates:settle): posted or nothing due */
        get: operations["RebatesController_scheduledRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/agreements/{id}/settlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agreement's settlement documents */
        get: operations["RebatesController_settlements"];
        put?: never;
        /** Post the settlement due now (interim, final or adjustment), exactly once */
        post: operations["RebatesController_settle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/agreements/{id}/settlements/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a settlement run would post now (nothing is written) */
        get: operations["RebatesController_preview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/agreements/{id}/statement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agreement's statement for a period: volume, bracket, accrued, next bracket, projection */
        get: operations["RebatesController_statement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/agreements/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Amend an agreement: a new version from a future date (never backdated) */
        post: operations["RebatesController_amend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/companies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Business customers (companies) with their current and former buyers */
        get: operations["RebatesController_companies"];
        put?: never;
        /** Add a company (tax id unique in the business) */
        post: operations["RebatesController_createCompany"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/companies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One company with its buyers */
        get: operations["RebatesController_company"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a company's legal name, tax id or billing contact */
        patch: operations["RebatesController_updateCompany"];
        trace?: never;
    };
    "/api/rebates/companies/{id}/buyers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a member a buyer of the company (their purchases count toward its volume) */
        post: operations["RebatesController_addBuyer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/companies/{id}/buyers/{buyerId}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A buyer leaves the company: the link ends now, its history stays */
        post: operations["RebatesController_endBuyer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/companies/{id}/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A company's current statement under every agreement covering it (with its own volume in a pooled group) */
        get: operations["RebatesController_companyStatements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/settlements.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every settlement document as CSV, one row per company line (for the accounts) */
        get: operations["RebatesController_settlementsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every agreement's current statement: accrued liability, projected year-end volume and rebate */
        get: operations["RebatesController_overview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rebates/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute rebate(volume) of every agreement period and compare with the ledger */
        get: operations["RebatesController_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per local day: purchases, revenue, returns, points issued/redeemed/expired, stamp cards completed, new members (days without activity are left out; kept current from the domain events, seconds behind the counter) */
        get: operations["ReportsController_daily"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/at-risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The call list: customers at risk of leaving, ranked by value × risk, with their last call */
        get: operations["DefectionController_atRisk"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recorded calls, newest first (up to 500) */
        get: operations["DefectionController_calls"];
        put?: never;
        /** Record a call to a customer: reached or not, the reason for leaving, outcome, follow-up day */
        post: operations["DefectionController_record"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/lost": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Customers lost in the last 12 months (live purchases and imported history): count by month, the list, their monthly value and expected future value with the arithmetic, and the definition used */
        get: operations["RetentionController_lost"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/lost.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The lost customers as CSV, one row per customer (same query and numbers as /lost) */
        get: operations["RetentionController_lostCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/program": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Points liability (outstanding points and their money value), breakage rate from expired lots, expected redemption, and program cost against members’ revenue over the last 12 calendar months, with the arithmetic */
        get: operations["RetentionController_programReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/program.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The liability / breakage / program cost report as CSV: one row per figure */
        get: operations["RetentionController_programCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Redemption data for retention: redemptions per month and reward; retention and visit frequency of redeemers vs non-redeemers */
        get: operations["RetentionController_redemptionReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/redemptions.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Redemptions per month and reward as CSV (same numbers as /redemptions) */
        get: operations["RetentionController_redemptionsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The monthly review: trend alerts with their evidence (AOV falling, regulars drying up, a product range dropped), 80/20 concentration, lifetime-value segments, cohort retention curves */
        get: operations["RetentionController_review"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/review/alerts.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The monthly review's alerts as CSV: one row per alert, its evidence as JSON */
        get: operations["RetentionController_reviewAlertsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/review/cohorts.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cohort retention as CSV: one row per cohort and month since enrolment */
        get: operations["RetentionController_cohortsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/review/segments.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lifetime-value segments and the 80/20 concentration as CSV */
        get: operations["RetentionController_segmentsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/summaries/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Recompute the precomputed retention summaries of this business from its purchases, returns and imported history (they are kept current by the event consumers; this is for data from before them or after a repair) */
        post: operations["RetentionController_rebuild"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/why": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Why customers left (reasons from the calls) and who was won back */
        get: operations["DefectionController_why"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rewards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rewards catalogue */
        get: operations["RulesController_rewards"];
        put?: never;
        /** Add a reward (costs points or a full stamp card; gives a free item, an amount or a percentage off) */
        post: operations["RulesController_createReward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rewards/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename or (de)activate a reward */
        patch: operations["RulesController_updateReward"];
        trace?: never;
    };
    "/api/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rule set in force now, and every version */
        get: operations["RulesController_get"];
        /** Publish a new version of the rules, effective now or at effectiveFrom (never backdated) */
        put: operations["RulesController_publish"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What a proposed rule set would have given on the last N days of purchases, with the members it changes most (by name); writes nothing */
        post: operations["RulesController_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rules/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version history: every published rule set, newest effective first, with who published it */
        get: operations["RulesController_versions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One call at the counter: resolve a scanned card (or a member number) to everything the cashier needs
         * @description Member, tier, points (available, pending, expiring soon), stamp-card progress and rewards available now.
         */
        post: operations["PosController_scan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List staff */
        get: operations["BusinessesController_listStaff"];
        put?: never;
        /** Add a staff member (managers may add cashiers only) */
        post: operations["BusinessesController_createStaff"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One staff member */
        get: operations["BusinessesController_getStaff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change role, name, password, location or deactivate a staff member */
        patch: operations["BusinessesController_updateStaff"];
        trace?: never;
    };
    "/api/store-credit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store credit a member can pay with (their company's balance) */
        get: operations["StoreCreditController_balance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/store-credit/spend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay part of a sale with store credit (never more than the balance: 422 INSUFFICIENT_BALANCE) */
        post: operations["StoreCreditController_spend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/store-credit/spends/{id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give store credit back after a return or a cancelled sale (all, or part) */
        post: operations["StoreCreditController_refund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/surveys/answer/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The survey behind a link (the page /survey/:token uses it too); 404 for a forged link */
        get: operations["SurveysController_survey"];
        put?: never;
        /** Answer the survey behind a link, once (409 when it was answered) */
        post: operations["SurveysController_answer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/surveys/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Answer with the code printed on the receipt (purchase within 30 days; once per purchase and at most once per 90 days per member) */
        post: operations["SurveysController_receipt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/surveys/responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Survey answers with their comments, newest first */
        get: operations["SurveysController_responses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/surveys/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** NPS by month (business time zone) and location: % promoters (9-10) − % detractors (0-6) */
        get: operations["SurveysController_results"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/surveys/results.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The NPS results as CSV: one row per month and location, then one "All locations" row per month */
        get: operations["SurveysController_resultsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiers/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Members per tier under a proposed program and who would move; writes nothing */
        post: operations["TiersController_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiers/program": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tier program in force now, and every version */
        get: operations["TiersController_program"];
        /** Publish a new version of the tier program, effective now or at effectiveFrom (never backdated) */
        put: operations["TiersController_publish"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tiers/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute every member's tier state from history; names each member that differs */
        get: operations["TiersController_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/unsubscribe/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The unsubscribe page (a button; link scanners that GET change nothing) */
        get: operations["UnsubscribeController_confirm"];
        put?: never;
        /** One-click unsubscribe: withdraws marketing consent on the channel (recorded in the consent log) */
        post: operations["UnsubscribeController_unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log, newest first */
        get: operations["WebhooksController_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery with the log of its attempts */
        get: operations["WebhooksController_delivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/deliveries/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again (same webhook-id and body), e.g. after dead-lettering */
        post: operations["WebhooksController_replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook endpoints (without secrets) */
        get: operations["WebhooksController_list"];
        put?: never;
        /** Register an endpoint; its signing secret (whsec_…) is in this answer only */
        post: operations["WebhooksController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an endpoint; its pending deliveries stop, the log stays */
        delete: operations["WebhooksController_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and database check: 200, or 503 DATABASE_UNAVAILABLE with Retry-After */
        get: operations["HealthController_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AddBuyerDto: {
            /**
             * Format: uuid
             * @description A member of the business (the buyer keeps their own card)
             */
            memberId: string;
        };
        AdjustmentListView: {
            items: components["schemas"]["AdjustmentView"][];
        };
        AdjustmentView: {
            /** @description Signed points */
            amount: number;
            /** @description Points available right after it */
            balanceAfter: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            ledgerTransactionId: string | null;
            /** Format: uuid */
            memberId: string;
            reason: string;
            /** Format: uuid */
            staffId: string;
            /** @description Name of the staff member who made it */
            staffName: string;
        };
        AdjustPointsDto: {
            /**
             * @description Points to add (positive) or take away (negative); never zero
             * @example 50
             */
            amount: number;
            /** @description Chosen by the caller once per adjustment; a retry with the same key posts nothing twice */
            idempotencyKey: string;
            /**
             * @description Why; the member sees it. Trimmed; at least 3 characters remain
             * @example Coffee machine broke: goodwill
             */
            reason: string;
        };
        AgreementListView: {
            items: components["schemas"]["AgreementView"][];
        };
        AgreementVersionView: {
            /** Format: date-time */
            createdAt: string;
            /** @example 2027-01-01 */
            effectiveFrom: string;
            /** @description RebateTerms of @regulars/rebates (defaults filled) */
            terms: Record<string, never>;
            version: number;
        };
        AgreementView: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** @description RebateAgreement of @regulars/rebates */
            settings: Record<string, never>;
            versions: components["schemas"]["AgreementVersionView"][];
        };
        AmendAgreementDto: {
            /**
             * @description Local date, after today and after the latest version
             * @example 2027-07-01
             */
            effectiveFrom: string;
            /** @description The terms as @regulars/rebates defines them (mode, scope, brackets, ...) */
            terms: Record<string, never>;
        };
        AnswerDto: {
            /** @description Optional comment */
            comment?: string;
            /** @description How likely to recommend the shop to a friend, 0-10 */
            score: number;
        };
        AovAlertView: {
            customerId: string | null;
            evidence: components["schemas"]["AovEvidenceView"];
            /** @enum {string} */
            kind: "aov-falling";
            name: string | null;
            /** @enum {string} */
            scope: "business" | "customer";
        };
        AovEvidenceView: {
            /** @description (first AOV − last AOV) / first AOV */
            drop: number;
            /** @description The last 3 complete months */
            months: components["schemas"]["AovMonthView"][];
        };
        AovMonthView: {
            /** @description Minor units, unrounded */
            averageOrderValue: number;
            /** @example 2026-01 */
            month: string;
            /** @description Orders (a customer’s purchases of one day are one order) */
            orders: number;
            /** @description Minor units */
            revenue: number;
        };
        ApiKeyListView: {
            items: components["schemas"]["ApiKeyView"][];
        };
        ApiKeyView: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @description Public half of the key (rk_<keyId>_…) */
            keyId: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        AtRiskCustomerView: {
            /** @description Member id, or h:<id> for an imported customer */
            customerId: string;
            daysSinceLast: number;
            /** @description Present when another module put the customer on the list (a survey detractor), until a call after it */
            flag?: components["schemas"]["CallListFlagView"];
            lastCall: components["schemas"]["LastCallView"] | null;
            /** Format: date */
            lastVisit: string;
            name: string;
            /** @description k × median gap (the heuristic) */
            overdueAfterDays: number | null;
            /** @description BG/NBD P(alive) when the model is usable */
            pAlive: number | null;
            /** @description 0..1 */
            risk: number;
            /** @description value × risk, minor units, rounded: the ranking */
            score: number;
            /** @enum {string} */
            source: "member" | "imported";
            /** @description Revenue of the 365 days to today, minor units */
            value: number;
            visits: number;
        };
        AtRiskView: {
            /** Format: date */
            asOf: string;
            customers: components["schemas"]["AtRiskCustomerView"][];
            definition: string;
            /** @enum {string} */
            method: "model" | "heuristic";
            modelReasons: string[];
        };
        AttemptView: {
            /** Format: date-time */
            attemptedAt: string;
            durationMs: number;
            error: string | null;
            statusCode: number | null;
        };
        AvailableRewardView: {
            /** @description { kind: "free_item", sku, description, maxValue } | { kind: "amount_off", amount } | { kind: "percent_off", basisPoints, maxAmount, rounding } */
            benefit: {
                [key: string]: unknown;
            };
            /** @description { kind: "points", points } | { kind: "stamp_card", cardId } */
            cost: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            name: string;
            /** @description How many times the member can have it now */
            times: number;
        };
        BreakageView: {
            /** @description Of those, points that expired unused */
            expired: number;
            /** @description Expired by the settle run */
            expiredSettled: number;
            /** @description Left on lapsed lots the settle run has not expired yet */
            expiredUnsettled: number;
            /** @description Points of earn lots whose expiry has passed (voided lots left out) */
            lapsedIssued: number;
            /** @description expired / lapsedIssued; null before any lot lapsed */
            rate: number | null;
        };
        BusinessView: {
            /** Format: date-time */
            createdAt: string;
            /**
             * @description ISO 4217; money is in minor units of it
             * @example EUR
             */
            currency: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** @description Amount limits of a purchase in force (minor units) */
            purchaseLimits: components["schemas"]["PurchaseLimitsView"];
            /** @description Join-link handle */
            slug: string;
            /** @example Europe/Berlin */
            timeZone: string;
        };
        BuyerView: {
            /** Format: uuid */
            companyId: string;
            /**
             * Format: date-time
             * @description Set when the buyer left
             */
            endedAt: string | null;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            memberId: string;
            memberNumber: string;
            name: string;
            /** Format: date-time */
            startedAt: string;
        };
        CallListFlagView: {
            /** Format: date-time */
            at: string;
            comment: string | null;
            /**
             * @description Why the customer is on the list besides the model
             * @enum {string}
             */
            kind: "survey";
            /** @description The survey answer 0-10 (a detractor: 0-6) */
            score: number;
        };
        CallListView: {
            items: components["schemas"]["CallView"][];
        };
        CallView: {
            /** Format: date-time */
            calledAt: string;
            customerId: string;
            /** Format: date */
            followUpOn: string | null;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            outcome: "will_return" | "declined" | "call_back" | "no_answer" | "other";
            reached: boolean;
            /** @enum {string|null} */
            reason: "price" | "quality" | "service" | "moved" | "competitor" | "no_longer_needed" | "other" | null;
            reasonText: string | null;
            /** Format: uuid */
            staffId: string;
        };
        CardListView: {
            items: components["schemas"]["CardView"][];
        };
        CardView: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            issuedAt: string;
            /** Format: date-time */
            revokedAt: string | null;
            revokedReason: string | null;
            /** @enum {string} */
            status: "active" | "revoked";
        };
        CardWithPayloadView: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            issuedAt: string;
            /** @description The QR payload RG1.… */
            payload: string;
            /** Format: date-time */
            revokedAt: string | null;
            revokedReason: string | null;
            /** @enum {string} */
            status: "active" | "revoked";
        };
        CategoryDropAlertView: {
            customerId: string;
            evidence: components["schemas"]["CategoryDropEvidenceView"];
            /** @enum {string} */
            kind: "category-dropped";
            name: string;
        };
        CategoryDropEvidenceView: {
            /** Format: date */
            baselineFrom: string;
            /** Format: date */
            baselineTo: string;
            bucketsWithCategory: number;
            category: string;
            categoryDaysPerBucket: number[];
            categoryMedianGapDays: number;
            daysSinceCategory: number;
            /** Format: date */
            lastCategoryPurchase: string;
            recentCategories: string[];
            /** Format: date */
            recentFrom: string;
            recentVisits: number;
        };
        ClubConsentView: {
            /** Format: date-time */
            at: string;
            /** @description Where it was given: app, counter or console */
            source: string;
            wording: string;
        };
        ClubHistoryItemView: {
            /** Format: date-time */
            at: string;
            reason: string;
            status: string;
        };
        ClubInvitationAnswerDto: {
            /**
             * @description The invitation code
             * @example K7M2Q9XAPB
             */
            code: string;
        };
        ClubInvitationStateView: {
            code: string;
            /** Format: date-time */
            expiresAt: string;
        };
        ClubInvitationView: {
            code: string;
            /** Format: date-time */
            expiresAt: string;
            /** @description Path of the page where the member accepts it (on /me) */
            link: string;
            membership: components["schemas"]["ClubMembershipView"];
        };
        ClubMemberItemView: {
            active: boolean;
            lastDay: string | null;
            memberId: string;
            memberNumber: string;
            name: string;
            openInvitation: components["schemas"]["ClubInvitationStateView"] | null;
            /** Format: date-time */
            since: string | null;
            status: string;
            /** Format: date-time */
            until: string | null;
        };
        ClubMemberListView: {
            items: components["schemas"]["ClubMemberItemView"][];
        };
        ClubMembershipView: {
            /** @enum {string} */
            access: "open" | "paid" | "invitation";
            active: boolean;
            clubId: string;
            clubName: string;
            consent: components["schemas"]["ClubConsentView"] | null;
            history: components["schemas"]["ClubHistoryItemView"][];
            /** @description Last local day covered (YYYY-MM-DD) */
            lastDay: string | null;
            openInvitation: components["schemas"]["ClubInvitationStateView"] | null;
            /** Format: date-time */
            since: string | null;
            /** @enum {string} */
            status: "none" | "invited" | "active" | "lapsed" | "left" | "refused" | "cancelled";
            /**
             * Format: date-time
             * @description Paid clubs: end of the term (exclusive); it lapses then unless renewed
             */
            until: string | null;
        };
        ClubOptInDto: {
            /** @description The consent wording shown to the member (must be the club’s current wording) */
            consentWording: string;
        };
        ClubPaymentDto: {
            /** Format: uuid */
            locationId?: string;
            /** @description The till's transaction id: a retry with the same id is the same payment */
            transactionId: string;
        };
        ClubPaymentView: {
            currency: string;
            /** @description Minor units */
            fee: number;
            membership: components["schemas"]["ClubMembershipView"];
            /** @description The purchase of the membership product */
            purchaseId: string;
        };
        ClubSettingsView: {
            /** @description The club (id, name, access, benefits); null: none */
            club: {
                [key: string]: unknown;
            } | null;
            consentWording: string | null;
            /** @description Members per status now (active, invited, lapsed, left, refused, cancelled, none) */
            counts: {
                [key: string]: number;
            };
            membershipSku: string | null;
            /** Format: date-time */
            updatedAt: string | null;
        };
        CodeSentView: {
            /** @description How long the code works */
            expiresInSeconds: number;
            message: string;
            /** @example code_sent */
            status: string;
        };
        CohortView: {
            /** @description active[k]: customers of the cohort who bought in month cohort + k */
            active: number[];
            /** @example 2025-09 */
            cohort: string;
            rates: number[];
            size: number;
        };
        CompanyListView: {
            items: components["schemas"]["CompanyView"][];
        };
        CompanyView: {
            billingEmail: string;
            billingName: string;
            /** @description Current and former buyers (former ones have endedAt) */
            buyers: components["schemas"]["BuyerView"][];
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            legalName: string;
            taxId: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ConcentrationView: {
            /** @description Customers with a purchase in the 12 months to asOf */
            customers: number;
            /** @description Share of the revenue from the top 20 % of customers */
            share: number;
            topCustomers: number;
            /** @description Minor units */
            topValue: number;
            /** @description Minor units */
            totalValue: number;
        };
        ConfigureClubDto: {
            /** @description How members get in: {"kind":"open"}, {"kind":"paid","fee":2500,"termMonths":12} (fee in minor units) or {"kind":"invitation","inviteValidDays":30} */
            access: {
                [key: string]: unknown;
            };
            /** @description The benefit model of tiers: multiplierBp (10000 = x1), rewardIds (rewards only club members may redeem), reachBonusPoints (on joining, once per term), birthdayBonusPoints */
            benefits?: {
                [key: string]: unknown;
            };
            /** @description Open clubs: the wording members agree to when they join (shown to them, recorded with the consent) */
            consentWording?: string;
            /** @description Stable id of the club (default "club"); fixed once it has members */
            id?: string;
            /** @description Paid clubs: the sku of the membership product sold at the counter (default CLUB-MEMBERSHIP) */
            membershipSku?: string;
            /** @example The Inner Circle */
            name: string;
        };
        ConsentEntryView: {
            /** @example staff:… */
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            channel: "email" | "sms" | "webhook";
            given: boolean;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            purpose: "marketing" | "service";
            /** @enum {string} */
            source: "counter" | "join" | "me" | "import" | "staff" | "unsubscribe";
            /** @description The wording the member was shown */
            wording: string;
        };
        ConsentStateView: {
            allowed: boolean;
            /** @enum {string} */
            channel: "email" | "sms" | "webhook";
            /** @enum {string} */
            purpose: "marketing" | "service";
        };
        ConsentsView: {
            current: components["schemas"]["ConsentStateView"][];
            /** @description Newest first */
            log: components["schemas"]["ConsentEntryView"][];
        };
        CounterMemberView: {
            firstName: string;
            /** Format: uuid */
            id: string;
            lastName: string | null;
            memberNumber: string;
        };
        CreateAgreementDto: {
            /** @example Cafés 2027 */
            name: string;
            /**
             * @description Agreement settings as @regulars/rebates defines them: { period, basis, payout, assignment } (company ids are the companies of this business)
             * @example {
             *       "period": {
             *         "kind": "calendar_year"
             *       },
             *       "basis": "net_amount",
             *       "payout": "credit_note",
             *       "assignment": {
             *         "kind": "company",
             *         "companyId": "00000000-0000-0000-0000-000000000000"
             *       }
             *     }
             */
            settings: Record<string, never>;
            /** @description The first version { effectiveFrom: "YYYY-MM-DD" (tomorrow at the earliest), terms } */
            version: Record<string, never>;
        };
        CreateApiKeyDto: {
            /** @example Counter POS 1 */
            name: string;
        };
        CreateCompanyDto: {
            /** @example ap@aurora.example */
            billingEmail: string;
            /** @example Accounts payable */
            billingName: string;
            /** @example Café Aurora GmbH */
            legalName: string;
            /**
             * @description Unique in the business
             * @example DE123456789
             */
            taxId: string;
        };
        CreatedApiKeyView: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @description The whole key; shown in this answer only */
            key: string;
            /** @description Public half of the key (rk_<keyId>_…) */
            keyId: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        CreatedEndpointView: {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** Format: uuid */
            id: string;
            /** @description The signing secret (whsec_…), shown only in this answer */
            secret: string;
            url: string;
        };
        CreateEndpointDto: {
            description?: string;
            /** @example https://crm.shop.example/hooks/regulars */
            url: string;
        };
        CreateLocationDto: {
            address?: string;
            name: string;
        };
        CreateMemberSessionDto: {
            /** @description What the device calls itself, e.g. "Pixel 8, Chrome" */
            device?: string;
        };
        CreateProductDto: {
            /** @default true */
            active: boolean;
            /**
             * @description Category the rules match (exact, case-sensitive); null = none
             * @example coffee
             */
            category?: string | null;
            /** @example Flat white */
            name: string;
            /**
             * @description Minor units of the business currency
             * @example 380
             */
            price: number;
            /**
             * @description Unique in the business: A-Z a-z 0-9 . _ - /
             * @example FLAT-WHITE
             */
            sku: string;
        };
        CreateRewardDto: {
            /** @default true */
            active: boolean;
            /** @description { "kind": "free_item", "sku", "description", "maxValue" } | { "kind": "amount_off", "amount" } | { "kind": "percent_off", "basisPoints", "maxAmount", "rounding" } */
            benefit: {
                [key: string]: unknown;
            };
            /** @description { "kind": "points", "points": 100 } or { "kind": "stamp_card", "cardId": "coffee" } */
            cost: {
                [key: string]: unknown;
            };
            /** @example Free coffee */
            name: string;
        };
        CreateStaffDto: {
            email: string;
            /** Format: uuid */
            locationId?: string;
            name: string;
            password: string;
            /** @enum {string} */
            role: "owner" | "manager" | "cashier";
        };
        CurrentRulesView: {
            /** @description A rule set (points, multipliers, exclusions, promotions, stampCards, pointsExpiry, pendingDays): see docs/RULES.md */
            ruleSet: {
                [key: string]: unknown;
            };
            /** @description null: nothing published yet */
            version: number | null;
        };
        DashboardTotalsView: {
            /** @description Members with a purchase in the last 30 days */
            activeMembers30d: number;
            /** @description All members now */
            members: number;
        };
        DashboardView: {
            /** Format: date-time */
            asOf: string;
            /** @example EUR */
            currency: string;
            timeZone: string;
            /** @description Most redeemed in the window, at most 5 */
            topRewards: components["schemas"]["TopRewardView"][];
            totals: components["schemas"]["DashboardTotalsView"];
            /** @description Oldest first; every week present */
            weeks: components["schemas"]["DashboardWeekView"][];
        };
        DashboardWeekView: {
            /** @description Distinct members with a purchase that week */
            activeMembers: number;
            newMembers: number;
            /** @description Points earned (purchases, promotions, manual credits) */
            pointsIssued: number;
            /** @description Points spent on rewards (manual debits not included) */
            pointsRedeemed: number;
            purchases: number;
            /** @description Sum of purchase totals, minor units */
            revenue: number;
            /** @description Stamp cards filled */
            stampCardsCompleted: number;
            /**
             * Format: date
             * @description Monday of the week, in the business time zone
             */
            weekStart: string;
        };
        DeliveryDetailView: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** Format: uuid */
            endpointId: string;
            /** @example message.thank_you */
            eventType: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            log: components["schemas"]["AttemptView"][];
            /** Format: uuid */
            messageId: string;
            /** Format: date-time */
            nextAttemptAt: string;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "failed" | "dead";
        };
        DeliveryListView: {
            /** @description Newest first */
            items: components["schemas"]["DeliveryView"][];
        };
        DeliveryView: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** Format: uuid */
            endpointId: string;
            /** @example message.thank_you */
            eventType: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: uuid */
            messageId: string;
            /** Format: date-time */
            nextAttemptAt: string;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "failed" | "dead";
        };
        DevMailboxView: {
            /** @description Newest first */
            items: components["schemas"]["DevMailView"][];
            /** @description The transport each channel uses now */
            transport: components["schemas"]["TransportNamesView"];
        };
        DevMailView: {
            /** @enum {string} */
            channel: "email" | "sms" | "webhook";
            /** Format: date-time */
            deliveredAt: string;
            /** @description Mail headers */
            headers: {
                [key: string]: string;
            };
            html: string;
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The outbox message
             */
            messageId: string;
            subject: string;
            text: string;
            /** @description Email address or phone number */
            to: string | null;
        };
        DryingUpAlertView: {
            customerId: string;
            evidence: components["schemas"]["DryingUpEvidenceView"];
            /** @enum {string} */
            kind: "drying-up";
            name: string;
        };
        DryingUpEvidenceView: {
            daysSinceLast: number;
            /** Format: date */
            firstVisit: string;
            /** Format: date */
            lastVisit: string;
            medianGapDays: number;
            overdueAfterDays: number | null;
            /** @enum {string} */
            reason: "overdue" | "slowing";
            recentGapDays: number[] | null;
            recentMeanGapDays: number | null;
            visits: number;
        };
        EarnedView: {
            amount: number;
            /** Format: date-time */
            availableAt: string;
            /** @description Stamps only */
            cardId?: string;
            /** @description Stamps only: cards completed by this purchase */
            cardsCompleted?: number;
            /** Format: date-time */
            expiresAt: string | null;
            /** @description The posting key (base, promotion id, stamp card id, tier extra) */
            key: string;
            /** @enum {string} */
            kind: "points" | "stamps";
            /** @description As shown in the member history, e.g. "Gold tier +5" */
            reason: string;
        };
        EndpointListView: {
            items: components["schemas"]["EndpointView"][];
        };
        EndpointView: {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** Format: uuid */
            id: string;
            url: string;
        };
        EnrolledMemberView: {
            /** Format: date */
            birthday: string | null;
            card: components["schemas"]["CardWithPayloadView"];
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            firstName: string;
            /** Format: uuid */
            id: string;
            lastName: string | null;
            marketingConsent: boolean;
            /** Format: date-time */
            marketingConsentAt: string | null;
            /** @description Where the consent was last given or withdrawn: join, counter, staff or member_page */
            marketingConsentSource: string | null;
            /** @example 100001 */
            memberNumber: string;
            /** @description "+" and digits */
            phone: string | null;
            /** @enum {string} */
            source: "counter" | "join";
        };
        EnrolMemberDto: {
            /**
             * @description YYYY-MM-DD
             * @example 1990-04-17
             */
            birthday?: string;
            /** @example ana@example.com */
            email?: string;
            firstName: string;
            lastName?: string;
            /** @description Consent to marketing messages; its time is recorded */
            marketingConsent?: boolean;
            /** @example +49 151 2345678 */
            phone?: string;
        };
        ExpectedRedemptionView: {
            arithmetic: string;
            /** @description Outstanding points expected to be redeemed */
            points: number;
            /** @description Minor units; null without a point value */
            value: number | null;
        };
        ExpiringPointsView: {
            amount: number;
            /** Format: date-time */
            expiresAt: string;
        };
        FirstRedemptionView: {
            /** @description Redeemers whose first redemption is at least 90 days before today */
            customers: number;
            /** @description Mean visit days in the 90 days from the first redemption (its day included) */
            visitsAfter: number;
            /** @description Mean visit days in the 90 days before the first redemption (its day excluded) */
            visitsBefore: number;
        };
        HistoryEntryView: {
            /** @description Signed: + added, − taken */
            amount: number;
            /** Format: date-time */
            at: string;
            balanceAfter: number | null;
            /** @enum {string} */
            bucket: "available" | "pending" | "held";
            /** @description earn, spend, reverse, expire, … */
            kind: string;
            reason: string | null;
            reference: string | null;
            /** @description 'points' or 'stamps:<cardId>' */
            unit: string;
        };
        HistoryItemView: {
            amount: number;
            /** Format: date-time */
            at: string;
            balanceAfter: number | null;
            /** @enum {string} */
            bucket: "available" | "pending" | "held";
            /** @description Ledger transaction kind (earn, spend, reverse, expire, mature, ...) */
            kind: string;
            reason: string | null;
            reference: string | null;
            /** @description "points" or "stamps:<cardId>" */
            unit: string;
        };
        HistoryPageView: {
            items: components["schemas"]["HistoryItemView"][];
            /** @description Pass as cursor for the next page */
            nextCursor: string | null;
        };
        HoldoutGroupView: {
            /** @description Messages (sent, or held back) whose window has ended */
            members: number;
            /** @description Messages whose window has not ended yet (not counted) */
            pending: number;
            /** @description Of those, members who bought at least once in the window */
            returned: number;
            /**
             * @description returned / members (0 when there are none)
             * @example 0.25
             */
            returnRate: number;
            /** @description Purchase totals in the window, minor units of `currency` */
            spend: number;
            /** @description spend / members, rounded to the minor unit (0 when there are none) */
            spendPerMember: number;
        };
        HoldoutReportView: {
            /** Format: date-time */
            asOf: string;
            /** @example EUR */
            currency: string;
            /** Format: date-time */
            from: string | null;
            /** @description The share held back now (basis points) */
            shareBp: number;
            /** Format: date-time */
            to: string | null;
            /** @enum {string} */
            type: "win_back" | "points_expiring";
            windows: components["schemas"]["HoldoutWindowView"][];
        };
        HoldoutSettingsView: {
            items: components["schemas"]["HoldoutSettingView"][];
        };
        HoldoutSettingView: {
            /**
             * @description Share of eligible members held back, in basis points (1000 = 10 %)
             * @example 1000
             */
            shareBp: number;
            /** @enum {string} */
            type: "win_back" | "points_expiring";
        };
        HoldoutWindowView: {
            /** @example 30 */
            days: number;
            holdout: components["schemas"]["HoldoutGroupView"];
            messaged: components["schemas"]["HoldoutGroupView"];
            /**
             * @description messaged.returnRate - holdout.returnRate (the lift)
             * @example 0.05
             */
            returnRateLift: number;
            /** @description messaged.spendPerMember - holdout.spendPerMember (minor units) */
            spendPerMemberLift: number;
        };
        ImportBadRowView: {
            /** @enum {string} */
            field: "purchase_id" | "customer_id" | "date" | "amount" | "customer_name" | "customer_email" | "sku" | "category" | "row";
            /**
             * @description Line of the file (1 = header)
             * @example 17
             */
            line: number;
            /** @example not a calendar date */
            problem: string;
        };
        ImportRecordListView: {
            items: components["schemas"]["ImportRecordView"][];
        };
        ImportRecordView: {
            /** @description Last line of the file whose batch is committed */
            committedLine: number;
            customersCreated: number;
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: uuid */
            id: string;
            purchasesExisting: number;
            purchasesImported: number;
            /** Format: uuid */
            resumedFrom: string | null;
            rowsRead: number;
            rowsRejected: number;
            source: string;
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            state: "running" | "completed" | "failed" | "resumed";
        };
        ImportReportView: {
            /** @description Every problem of every rejected row (up to 10,000) */
            badRows: components["schemas"]["ImportBadRowView"][];
            /** @description More bad rows than listed */
            badRowsTruncated: boolean;
            /** @description Customers created (dry run: that would be created) */
            customersCreated: number;
            dryRun: boolean;
            /** @description Why the run failed */
            error: string | null;
            /**
             * Format: uuid
             * @description The import record (null on a dry run)
             */
            importId: string | null;
            /** @description Lines already committed by the resumed run, skipped */
            linesSkipped: number;
            /** @description Points whose expiry date had already passed: not awarded */
            pointsAlreadyExpired: number;
            /** @description Points awarded by this run (awardPoints=true) */
            pointsAwarded: number;
            /** @description Purchases that earned them */
            purchasesAwarded: number;
            /** @description Good rows whose purchase id was already imported: left unchanged */
            purchasesExisting: number;
            /** @description New purchases written (dry run: that would be written) */
            purchasesImported: number;
            /**
             * Format: uuid
             * @description The unfinished run this one resumed
             */
            resumedFrom: string | null;
            /** @description Data rows read (header excluded) */
            rowsRead: number;
            rowsRejected: number;
            /** @enum {string} */
            state: "completed" | "failed" | "dry-run";
        };
        JoinDto: {
            /**
             * @description YYYY-MM-DD
             * @example 1990-04-17
             */
            birthday?: string;
            /**
             * @description The sign-in code is sent here
             * @example ana@example.com
             */
            email: string;
            firstName: string;
            lastName?: string;
            /** @description Consent to marketing messages; its time is recorded */
            marketingConsent?: boolean;
            /** @description Optional password for later logins (a new member only; ignored for an existing one) */
            password?: string;
            /** @example +49 151 2345678 */
            phone?: string;
        };
        LastCallView: {
            /** Format: date-time */
            calledAt: string;
            /** Format: date */
            followUpOn: string | null;
            /** @enum {string} */
            outcome: "will_return" | "declined" | "call_back" | "no_answer" | "other";
            reached: boolean;
            /** @enum {string|null} */
            reason: "price" | "quality" | "service" | "moved" | "competitor" | "no_longer_needed" | "other" | null;
        };
        ListedEarnedView: {
            amount: number;
            /** @enum {string} */
            kind: "points" | "stamps";
            reason: string;
        };
        ListedLineView: {
            category: string | null;
            lineId: string;
            quantity: number;
            /** @description Units already returned */
            returnedQuantity: number;
            sku: string | null;
            /** @description Minor units */
            unitPrice: number;
        };
        ListedMemberView: {
            firstName: string;
            /** Format: uuid */
            id: string;
            lastName: string | null;
            memberNumber: string;
        };
        LocationListView: {
            items: components["schemas"]["LocationView"][];
        };
        LocationView: {
            address: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
        };
        LockedRewardView: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @example For Gold members and above */
            reason: string;
        };
        LostCustomerView: {
            /** @description Months from first to last purchase (at least 1), 3 decimals */
            activeMonths: number;
            /** @description How futureValue was computed, with the numbers (minor units) */
            arithmetic: string;
            /** @description Member id, or h:<id> for an imported customer not linked to a member */
            customerId: string;
            /** Format: date */
            firstDay: string;
            /** @enum {string} */
            futureMethod: "model" | "fallback";
            /** @description Expected value of the 12 months after the last visit, discounted, minor units, rounded */
            futureValue: number;
            /** Format: date */
            lastDay: string;
            /**
             * Format: date
             * @description First day counted as lost: lastDay + lapseDays + 1
             */
            lostOn: string;
            /** @example 2026-01 */
            month: string;
            /** @description totalSpend / activeMonths, minor units, rounded */
            monthlyValue: number;
            name: string;
            /** @enum {string} */
            source: "member" | "imported";
            /** @description Minor units */
            totalSpend: number;
            /** @description Distinct purchase days */
            visits: number;
        };
        LostMonthView: {
            /** @description Sum of their future values, minor units, rounded */
            futureValue: number;
            lost: number;
            /** @example 2026-01 */
            month: string;
            /** @description Sum of their monthly values, minor units, rounded */
            monthlyValue: number;
        };
        LostReportView: {
            /** Format: date */
            asOf: string;
            /** @example EUR */
            currency: string;
            /** @description Highest future value first */
            customers: components["schemas"]["LostCustomerView"][];
            /** @description The definitions used, in words */
            definition: string;
            lapseDays: number;
            /** @enum {string} */
            method: "model" | "fallback";
            /** @description Why the models were not used (empty when they were) */
            modelReasons: string[];
            /** @description The 12 calendar months ending with the month of asOf */
            months: components["schemas"]["LostMonthView"][];
            totals: components["schemas"]["LostTotalsView"];
        };
        LostTotalsView: {
            futureValue: number;
            lost: number;
            monthlyValue: number;
        };
        LoyaltySummaryView: {
            member: components["schemas"]["CounterMemberView"];
            points: components["schemas"]["PointsView"];
            rewardsAvailable: components["schemas"]["AvailableRewardView"][];
            /** @description Rewards limited to tiers or club members the member is not in, with the reason */
            rewardsLocked?: components["schemas"]["LockedRewardView"][];
            stampCards: components["schemas"]["StampCardView"][];
            /** @description The club tier; null without a tier program or before the member is evaluated */
            tier: components["schemas"]["MemberTierView"] | null;
        };
        ManualTierDto: {
            /** @example Status match: Gold at the café next door */
            reason: string;
            /** @description The tier to hold at least (a tier of the program in force, above the base tier) */
            tierId: string;
            /** @description When the floor ends (ISO 8601, in the future) */
            until: string;
        };
        MemberLoginDto: {
            /** @description Business slug (from the join link) */
            business: string;
            email: string;
            password: string;
        };
        MemberLoyaltyView: {
            member: components["schemas"]["CounterMemberView"];
            points: components["schemas"]["PointsView"];
            rewards: components["schemas"]["RewardProgressView"][];
            rewardsAvailable: components["schemas"]["AvailableRewardView"][];
            /** @description Rewards limited to tiers or club members the member is not in, with the reason */
            rewardsLocked?: components["schemas"]["LockedRewardView"][];
            stampCards: components["schemas"]["StampCardView"][];
            /** @description The club tier; null without a tier program or before the member is evaluated */
            tier: components["schemas"]["MemberTierView"] | null;
        };
        MemberPageView: {
            items: components["schemas"]["MemberView"][];
            /** @description Pass as cursor for the next page */
            nextCursor: string | null;
        };
        MemberPreviewView: {
            currentCardsCompleted: number;
            currentPoints: number;
            /** Format: uuid */
            memberId: string;
            /** @description First and last name */
            memberName: string;
            /** @description Member number */
            memberNumber: string;
            /** @description proposedPoints - currentPoints */
            pointsDelta: number;
            proposedCardsCompleted: number;
            proposedPoints: number;
            purchases: number;
        };
        MemberPurchasePageView: {
            items: components["schemas"]["MemberPurchaseView"][];
            nextCursor: string | null;
        };
        MemberPurchaseView: {
            /** Format: uuid */
            id: string;
            lines: components["schemas"]["PurchaseLineView"][];
            /** Format: uuid */
            locationId: string | null;
            /** Format: date-time */
            occurredAt: string;
            /** @description Minor units of the business currency */
            total: number;
            transactionId: string;
        };
        MemberRefDto: {
            /** @description Text read from the member card QR code */
            cardPayload?: string;
            /** @description Member number (manual entry) */
            memberNumber?: string;
        };
        MemberSessionListView: {
            items: components["schemas"]["MemberSessionView"][];
        };
        MemberSessionView: {
            /** Format: date-time */
            createdAt: string;
            device: string | null;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastUsedAt: string;
        };
        MemberTierView: {
            benefits: components["schemas"]["TierBenefitsView"];
            history?: components["schemas"]["TierHistoryView"][];
            id: string;
            name: string;
            progress: components["schemas"]["TierProgressItemView"][];
            /** Format: date-time */
            since: string | null;
            /**
             * Format: date-time
             * @description When the tier ends unless kept (exclusive); null: open-ended
             */
            until: string | null;
        };
        MemberView: {
            /** Format: date */
            birthday: string | null;
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            firstName: string;
            /** Format: uuid */
            id: string;
            lastName: string | null;
            marketingConsent: boolean;
            /** Format: date-time */
            marketingConsentAt: string | null;
            /** @description Where the consent was last given or withdrawn: join, counter, staff or member_page */
            marketingConsentSource: string | null;
            /** @example 100001 */
            memberNumber: string;
            /** @description "+" and digits */
            phone: string | null;
            /** @enum {string} */
            source: "counter" | "join";
        };
        MessagingSettingsView: {
            /**
             * @description BCP 47 language of the messages
             * @example en
             */
            language: string;
            /**
             * @description "HH:MM-HH:MM" in the business time zone, or "off"
             * @example 21:00-08:00
             */
            quietHours: string;
            /**
             * @description The From of e-mails (server setting MAIL_FROM)
             * @example Café Lumen <news@cafe.example>
             */
            sender: string;
            /** @description Marketing messages per member per 7 days */
            weeklyCap: number;
        };
        MoneyFigureView: {
            arithmetic: string;
            /** @description Minor units; null without a point value */
            value: number | null;
        };
        MyClubInfoView: {
            /** @enum {string} */
            access: "open" | "paid" | "invitation";
            benefits: {
                [key: string]: unknown;
            };
            /** @description Open clubs: what you agree to by joining */
            consentWording: string | null;
            currency: string;
            /** @description Paid clubs: the fee, minor units */
            fee: number | null;
            name: string;
            termMonths: number | null;
        };
        MyClubView: {
            club: components["schemas"]["MyClubInfoView"] | null;
            membership: components["schemas"]["ClubMembershipView"] | null;
        };
        MyRebatesView: {
            agreements: components["schemas"]["StatementView"][];
            /**
             * Format: uuid
             * @description The buyer's company (null: not a buyer)
             */
            companyId: string | null;
            companyName: string | null;
        };
        NpsMonthView: {
            /** @description Answers 0-6 */
            detractors: number;
            /** @example 2026-03 */
            month: string;
            /** @description % promoters − % detractors (−100..100), one decimal; null without answers */
            nps: number | null;
            /** @description Answers 7-8 */
            passives: number;
            /** @description Answers 9-10 */
            promoters: number;
            responses: number;
        };
        NpsRowView: {
            /** @description Answers 0-6 */
            detractors: number;
            /** Format: uuid */
            locationId: string | null;
            /** @example Main street */
            locationName: string;
            /** @example 2026-03 */
            month: string;
            /** @description % promoters − % detractors (−100..100), one decimal; null without answers */
            nps: number | null;
            /** @description Answers 7-8 */
            passives: number;
            /** @description Answers 9-10 */
            promoters: number;
            responses: number;
        };
        NpsSummaryView: {
            /** @description Answers 0-6 */
            detractors: number;
            /** @description % promoters − % detractors (−100..100), one decimal; null without answers */
            nps: number | null;
            /** @description Answers 7-8 */
            passives: number;
            /** @description Answers 9-10 */
            promoters: number;
            responses: number;
        };
        OutstandingPointsView: {
            available: number;
            /** @description Reserved by a redemption in progress */
            held: number;
            /** @description Members holding any points */
            holders: number;
            /** @description Earned, not yet available */
            pending: number;
            /** @description Points members hold now (available + pending + held, less points on lapsed lots not yet settled) */
            points: number;
        };
        PeriodView: {
            /**
             * Format: date-time
             * @description Exclusive
             */
            end: string;
            /** @example 2027-12-31 */
            endDate: string;
            /** @example 2027-01-01 */
            key: string;
            /** Format: date-time */
            start: string;
            /** @example 2027-01-01 */
            startDate: string;
        };
        PointsView: {
            /** @description Spendable now */
            available: number;
            /** @description Lots lapsing in the next 30 days */
            expiringSoon: components["schemas"]["ExpiringPointsView"][];
            /** @description Reserved by open holds */
            held: number;
            /** @description Earned, not yet available (pending days) */
            pending: number;
        };
        PointValueView: {
            explanation: string;
            /** @enum {string} */
            method: "redemptions" | "rewards" | "none";
            /** @description Money value of one point in minor units (fractional); null when the program gives none */
            minorUnitsPerPoint: number | null;
        };
        PreviewDto: {
            /** @description Show as a marketing message (with the unsubscribe footer) */
            marketing?: boolean;
            /** @description The member whose data fills the template */
            memberId: string;
            /** @description Sample values (points default to the balance) */
            variables?: components["schemas"]["VariablesDto"];
        };
        PreviewRulesDto: {
            /**
             * @description Replay the purchases of the last N days
             * @default 30
             */
            days: number;
            /**
             * @description How many gaining/losing members to list
             * @default 50
             */
            limit: number;
            /** @description The proposed rule set */
            ruleSet: {
                [key: string]: unknown;
            };
        };
        PreviewTierProgramDto: {
            /**
             * @description How many movers to list
             * @default 100
             */
            limit: number;
            /** @description The proposed tier program */
            program: {
                [key: string]: unknown;
            };
        };
        PreviewView: {
            html: string;
            subject: string;
            text: string;
            to: string | null;
            /** @enum {string} */
            type: "welcome" | "thank_you" | "reward_unlocked" | "points_expiring" | "birthday" | "tier_reached" | "tier_at_risk" | "rebate_within_reach" | "win_back" | "survey";
        };
        ProductListView: {
            items: components["schemas"]["ProductView"][];
        };
        ProductView: {
            active: boolean;
            category: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** @description Minor units */
            price: number;
            sku: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ProgramCostView: {
            /** @description money / memberRevenue */
            costShare: number | null;
            /** @description Minor units members spent in the period (net of returns) */
            memberRevenue: number;
            /** @description Members with a purchase in the period */
            members: number;
            /** @description Minor units given away in the period */
            money: number;
            redemptions: number;
            rewards: components["schemas"]["RewardCostView"][];
        };
        ProgramReportView: {
            /** Format: date */
            asOf: string;
            breakage: components["schemas"]["BreakageView"];
            cost: components["schemas"]["ProgramCostView"];
            /** @example EUR */
            currency: string;
            definition: string;
            expectedRedemption: components["schemas"]["ExpectedRedemptionView"];
            /**
             * Format: date
             * @description First day of the cost period (12 calendar months to this one)
             */
            from: string;
            /** @description Outstanding points × point value */
            liability: components["schemas"]["MoneyFigureView"];
            outstanding: components["schemas"]["OutstandingPointsView"];
            pointValue: components["schemas"]["PointValueView"];
            /** Format: date */
            to: string;
        };
        ProgramView: {
            restoreRewardsOnReturn: boolean;
            /** @enum {string} */
            reversalPolicy: "allow_negative" | "clamp" | "refuse";
        };
        PublicSurveyView: {
            answered: boolean;
            /** Format: date-time */
            answeredAt: string | null;
            comment: string | null;
            firstName: string;
            locationName: string | null;
            question: string;
            score: number | null;
            shopName: string;
        };
        PublishRulesDto: {
            /** @description When the rules take effect (ISO 8601, not in the past); default now */
            effectiveFrom?: string;
            /** @description The rule set (points per amount, multipliers, exclusions, promotions, stamp cards, expiry, pending days); see docs/RULES.md */
            ruleSet: {
                [key: string]: unknown;
            };
        };
        PublishTierProgramDto: {
            /** @description When the version takes effect (ISO 8601 with an offset, not in the past, after every existing version); default now */
            effectiveFrom?: string;
            /** @description The tier program (basis, window, exclusions, holdPeriods, downgrade, graceDays, returnsCanDowngrade, tiers); see docs/TIERS.md */
            program: {
                [key: string]: unknown;
            };
        };
        PurchaseAnswerView: {
            earned: components["schemas"]["EarnedView"][];
            notes: string[];
            purchase: components["schemas"]["PurchaseHeadView"];
            redemptions: components["schemas"]["RedemptionOutcomeView"][];
            /** @description true: the same request was answered before; this is that answer */
            replayed: boolean;
            summary: components["schemas"]["LoyaltySummaryView"];
        };
        PurchaseDto: {
            lines?: components["schemas"]["PurchaseLineDto"][];
            /** Format: uuid */
            locationId?: string;
            member: components["schemas"]["MemberRefDto"];
            /** @description When the sale happened (ISO 8601); default now. Late purchases are evaluated under the rules of their time. */
            occurredAt?: string;
            /** @description Rewards redeemed with this purchase (atomic with it) */
            redeem?: components["schemas"]["RedeemItemDto"][];
            /** @description Amount paid, minor units */
            total: number;
            /** @description The POS's own transaction id: a retry with the same id returns the original result */
            transactionId: string;
        };
        PurchaseHeadView: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            memberId: string;
            /** Format: date-time */
            occurredAt: string;
            /**
             * @description Printed on the receipt: 8 characters 0-9 A-F
             * @example 3FA90C21
             */
            receiptCode: string;
            /** @description Taken off by rewards redeemed with the sale, minor units */
            rewardDiscount: number;
            /** @description The rule version the purchase earned under */
            ruleVersion: number | null;
            /** @description The sale before rewards, minor units */
            saleAmount: number;
            /** @description What the member pays (minor units): the sale less the rewards redeemed with it */
            total: number;
            transactionId: string;
        };
        PurchaseLimitsDefaultsView: {
            confirmAbove: boolean;
            limit: boolean;
        };
        PurchaseLimitsView: {
            /** @description Minor units: the counter asks for confirmation above this */
            confirmAbove: number;
            /** @description Which of the two are the currency defaults */
            defaults: components["schemas"]["PurchaseLimitsDefaultsView"];
            /** @description Minor units: a purchase above this is refused (AMOUNT_OVER_LIMIT) */
            limit: number;
        };
        PurchaseLineDto: {
            /** @description Product range / category */
            category?: string;
            /** @description Unique within the purchase; returns refer to it */
            lineId: string;
            quantity: number;
            sku?: string;
            /** @description Minor units of the business currency */
            unitPrice: number;
        };
        PurchaseLineView: {
            category: string | null;
            lineId: string;
            quantity: number;
            returnedQuantity: number;
            sku: string | null;
            /** @description Minor units */
            unitPrice: number;
        };
        PurchaseListItemView: {
            earned: components["schemas"]["ListedEarnedView"][];
            /** @description Nothing is left to return */
            fullyReturned: boolean;
            /** Format: uuid */
            id: string;
            lines: components["schemas"]["ListedLineView"][];
            member: components["schemas"]["ListedMemberView"];
            /** Format: date-time */
            occurredAt: string;
            /**
             * @description Printed on the receipt: 8 characters 0-9 A-F
             * @example 3FA90C21
             */
            receiptCode: string;
            /** @description Amount paid, minor units */
            total: number;
        };
        PurchaseListView: {
            items: components["schemas"]["PurchaseListItemView"][];
        };
        ReceiptAnswerDto: {
            /** @description Optional comment */
            comment?: string;
            /**
             * @description The 8-character code printed on the receipt
             * @example 4F2A9C1B
             */
            receiptCode: string;
            /** @description How likely to recommend the shop to a friend, 0-10 */
            score: number;
            /**
             * @description The shop's slug (in the printed link)
             * @example cafe-lumen
             */
            slug: string;
        };
        RecordCallDto: {
            /** @description Member id, or h:<id> for an imported customer (from the at-risk or lost list) */
            customerId: string;
            /**
             * @description Day to call again (today or later)
             * @example 2026-03-16
             */
            followUpOn?: string;
            /**
             * @description will_return, declined, call_back, no_answer (not reached), other
             * @enum {string}
             */
            outcome: "will_return" | "declined" | "call_back" | "no_answer" | "other";
            /** @description Whether the customer was reached */
            reached: boolean;
            /**
             * @description Why they stopped coming (only when reached)
             * @enum {string}
             */
            reason?: "price" | "quality" | "service" | "moved" | "competitor" | "no_longer_needed" | "other";
            /** @description In their words; required with reason "other" */
            reasonText?: string;
        };
        RecordConsentDto: {
            /** @enum {string} */
            channel: "email" | "sms" | "webhook";
            given: boolean;
            /** @enum {string} */
            purpose: "marketing" | "service";
            /** @enum {string} */
            source: "counter" | "join" | "me" | "import" | "staff";
            /** @description The wording the member was shown */
            wording: string;
        };
        RecordOwnConsentDto: {
            /** @enum {string} */
            channel: "email" | "sms" | "webhook";
            given: boolean;
            /** @enum {string} */
            purpose: "marketing" | "service";
            /** @description The wording the member was shown */
            wording: string;
        };
        RedeemerGroupView: {
            /** @description Share with a purchase in the 90 days to today */
            activeShare: number;
            /** @description Members with at least one purchase */
            customers: number;
            /** @enum {string} */
            group: "redeemers" | "non-redeemers";
            /** @description Mean visit days a month over the 365 days to today */
            visitsPerMonth: number;
        };
        RedeemItemDto: {
            /** Format: uuid */
            rewardId: string;
        };
        RedemptionAnswerView: {
            redemption: components["schemas"]["RedemptionOutcomeView"];
            replayed: boolean;
            summary: components["schemas"]["LoyaltySummaryView"];
        };
        RedemptionDto: {
            /** @description Client key: a retry with the same key returns the original result */
            idempotencyKey: string;
            member: components["schemas"]["MemberRefDto"];
            /**
             * Format: uuid
             * @description The purchase it is redeemed on, if any
             */
            purchaseId?: string;
            /** @description Purchase total to compute a percentage discount on (minor units) */
            purchaseTotal?: number;
            /** Format: uuid */
            rewardId: string;
        };
        RedemptionMonthView: {
            /** @description Their cost in the reward’s unit (points or stamps) */
            cost: number;
            /** @example 2026-01 */
            month: string;
            /** @description Redemptions (restored ones left out) */
            redemptions: number;
            /** Format: uuid */
            rewardId: string;
            rewardName: string;
        };
        RedemptionOutcomeView: {
            cost: number;
            /** @description Money off, minor units; null: applied at the till */
            discount: number | null;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            rewardId: string;
            rewardName: string;
            rule: string | null;
            /** @description "points" or "stamps:<cardId>" */
            unit: string;
        };
        RedemptionReportView: {
            /** Format: date */
            asOf: string;
            definition: string;
            firstRedemption: components["schemas"]["FirstRedemptionView"];
            groups: components["schemas"]["RedeemerGroupView"][];
            /** @description The 12 calendar months to this one, per reward (months without redemptions left out) */
            months: components["schemas"]["RedemptionMonthView"][];
        };
        RefreshedView: {
            accessToken: string;
            /** @description Seconds the access token is valid */
            expiresIn: number;
            /**
             * Format: date-time
             * @description 180 days after its last use
             */
            refreshExpiresAt: string;
            /** @description Give it back to /api/auth/member/refresh; keep it like a password */
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
        };
        RefreshTokenDto: {
            /** @description The refresh token of this device */
            refreshToken: string;
        };
        RefreshTokenView: {
            /**
             * Format: date-time
             * @description 180 days after its last use
             */
            refreshExpiresAt: string;
            /** @description Give it back to /api/auth/member/refresh; keep it like a password */
            refreshToken: string;
        };
        RefundStoreCreditDto: {
            /** @description Minor units to give back; omitted: all not yet refunded */
            amount?: number;
            /** @description Client key: a retry with the same key and body returns the original result */
            idempotencyKey: string;
        };
        RequestSignInCodeDto: {
            /** @description Business slug (from the join link) */
            business: string;
            /** @example ana@example.com */
            email: string;
        };
        RestoredRewardView: {
            amount: number;
            /** Format: uuid */
            redemptionId: string;
            /** Format: uuid */
            rewardId: string;
        };
        ReturnAnswerView: {
            replayed: boolean;
            restoredRewards: components["schemas"]["RestoredRewardView"][];
            return: components["schemas"]["ReturnRecordView"];
            reversed: components["schemas"]["ReversedView"][];
            summary: components["schemas"]["LoyaltySummaryView"];
        };
        ReturnDto: {
            idempotencyKey: string;
            /** @description Lines and quantities returned; omit for a full return */
            lines?: components["schemas"]["ReturnLineDto"][];
            /** Format: uuid */
            purchaseId: string;
        };
        ReturnedLineView: {
            lineId: string;
            quantity: number;
        };
        ReturnLineDto: {
            lineId: string;
            quantity: number;
        };
        ReturnRecordView: {
            /** @description Nothing of the purchase is left to return */
            fullyReturned: boolean;
            /** Format: uuid */
            id: string;
            lines: components["schemas"]["ReturnedLineView"][];
            /** Format: uuid */
            purchaseId: string;
        };
        ReversedView: {
            /** @description Taken back (the program policy may clamp it) */
            amount: number;
            key: string;
            /** @enum {string} */
            kind: "points" | "stamps";
            reason: string;
            /** @description What the returned lines had earned */
            requested: number;
        };
        ReviewAlertsView: {
            aovFallingBusiness: components["schemas"]["AovAlertView"][];
            aovFallingCustomers: components["schemas"]["AovAlertView"][];
            categoryDropped: components["schemas"]["CategoryDropAlertView"][];
            dryingUp: components["schemas"]["DryingUpAlertView"][];
        };
        ReviewView: {
            alerts: components["schemas"]["ReviewAlertsView"];
            /** Format: date */
            asOf: string;
            /** @description By enrolment month (first purchase or joining, the earlier), the last 24 cohorts */
            cohorts: components["schemas"]["CohortView"][];
            concentration: components["schemas"]["ConcentrationView"];
            /** @example EUR */
            currency: string;
            /** @description The definitions used, in words */
            definition: string;
            /** @example 2026-02 */
            month: string;
            /** @description Customers by lifetime revenue to asOf */
            segments: components["schemas"]["ValueSegmentView"][];
        };
        RevokeCardDto: {
            /** @example lost phone */
            reason?: string;
        };
        RewardAvailableView: {
            benefit: {
                [key: string]: unknown;
            };
            cost: {
                [key: string]: unknown;
            };
            id: string;
            name: string;
            /** @description How many times it can be redeemed now */
            times: number;
        };
        RewardCostView: {
            /** @description Points or stamps spent */
            cost: number;
            /** @description Minor units given away */
            money: number;
            redemptions: number;
            /** Format: uuid */
            rewardId: string;
            rewardName: string;
            /** @example points */
            unit: string;
        };
        RewardListView: {
            items: components["schemas"]["RewardView"][];
        };
        RewardProgressView: {
            /** @description The member can have it now */
            available: boolean;
            /** @description { kind: "free_item", sku, description, maxValue } | { kind: "amount_off", amount } | { kind: "percent_off", basisPoints, maxAmount, rounding } */
            benefit: {
                [key: string]: unknown;
            };
            /** @description { kind: "points", points } | { kind: "stamp_card", cardId } */
            cost: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            id: string;
            /** @description Why the member cannot have it (limited to tiers or club members); null when open to them */
            locked: string | null;
            name: string;
            /** @description Points still needed (points rewards) */
            pointsToGo: number | null;
            /** @description Stamps still needed (stamp-card rewards) */
            stampsToGo: number | null;
        };
        RewardView: {
            active: boolean;
            /** @description { kind: "free_item", sku, description, maxValue } | { kind: "amount_off", amount } | { kind: "percent_off", basisPoints, maxAmount, rounding } */
            benefit: {
                [key: string]: unknown;
            };
            /** @description { kind: "points", points } | { kind: "stamp_card", cardId } */
            cost: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            name: string;
        };
        RuleDifferenceView: {
            cardsCompleted: {
                [key: string]: number;
            };
            points: number;
            stamps: {
                [key: string]: number;
            };
        };
        RulePreviewView: {
            /** @description Members whose points or completed cards change, biggest change first */
            changedMembers: components["schemas"]["MemberPreviewView"][];
            current: components["schemas"]["RuleTotalsView"];
            currentVersion: number | null;
            days: number;
            difference: components["schemas"]["RuleDifferenceView"];
            gainers: number;
            losers: number;
            /** @description Members with a purchase in the window */
            members: number;
            proposed: components["schemas"]["RuleTotalsView"];
            /** @description Purchases replayed */
            purchases: number;
            unchanged: number;
        };
        RulesView: {
            current: components["schemas"]["CurrentRulesView"];
            /** @description Every version, newest effective first */
            versions: components["schemas"]["RuleVersionView"][];
        };
        RuleTotalsView: {
            /** @description Cards completed per card id */
            cardsCompleted: {
                [key: string]: number;
            };
            points: number;
            /** @description Purchases that earned any points */
            purchasesEarning: number;
            /** @description Stamps per card id */
            stamps: {
                [key: string]: number;
            };
        };
        RuleVersionListView: {
            /** @description Every version, newest effective first */
            items: components["schemas"]["RuleVersionView"][];
        };
        RuleVersionView: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: uuid
             * @description Staff member who published it
             */
            createdBy: string | null;
            /** @description Name of the staff member who published it */
            createdByName: string | null;
            /** Format: date-time */
            effectiveFrom: string;
            /** @description A rule set (points, multipliers, exclusions, promotions, stampCards, pointsExpiry, pendingDays): see docs/RULES.md */
            ruleSet: {
                [key: string]: unknown;
            };
            version: number;
        };
        ScanRequestDto: {
            /** @description Text read from the member card QR code */
            cardPayload?: string;
            /** @description Member number (manual entry) */
            memberNumber?: string;
            /** @description Alias of cardPayload (the scanned QR text) */
            payload?: string;
        };
        ScheduledRunListView: {
            items: components["schemas"]["ScheduledRunView"][];
        };
        ScheduledRunView: {
            /** @enum {string} */
            outcome: "posted" | "nothing_due";
            /** @description The period (its first local day) */
            periodKey: string;
            /** Format: date-time */
            ranAt: string;
            /** @description "interim:<local date>" or "final" */
            runKey: string;
            /** Format: uuid */
            settlementId: string | null;
        };
        SettleDto: {
            /**
             * @description The period's key; default: the period containing now
             * @example 2027-01-01
             */
            period?: string;
        };
        SettlementLineView: {
            /** @description Minor units; negative = the company pays back */
            amount: number;
            /** Format: uuid */
            companyId: string;
        };
        SettlementListView: {
            items: components["schemas"]["SettlementView"][];
        };
        SettlementPreviewView: {
            /** Format: uuid */
            agreementId: string;
            alreadyPaid: number;
            /** @description To pay on this document; 0 = nothing to issue */
            amount: number;
            /** @description Interim only: a shortfall carried to a later document */
            carried: number;
            lines: components["schemas"]["SettlementLineView"][];
            period: components["schemas"]["PeriodView"];
            rebate: number;
            /** @enum {string} */
            stage: "interim" | "final" | "adjustment";
            volume: number;
        };
        SettlementView: {
            /** Format: uuid */
            agreementId: string;
            alreadyPaid: number;
            amount: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            lines: components["schemas"]["SettlementLineView"][];
            /** @example RB-2027-0001 */
            number: string;
            /** @enum {string} */
            payout: "store_credit" | "credit_note" | "cash";
            periodKey: string;
            /** @description The period's rebate when the document was made */
            rebate: number;
            seq: number;
            /** @enum {string} */
            stage: "interim" | "final" | "adjustment";
            volume: number;
        };
        SignInWithCodeDto: {
            /** @description Business slug (from the join link) */
            business: string;
            /**
             * @description The 6-digit code that was sent
             * @example 042917
             */
            code: string;
            /** @example ana@example.com */
            email: string;
        };
        SignupDto: {
            /**
             * @description ISO 4217
             * @example EUR
             */
            currency: string;
            /** @example Café Central */
            name: string;
            /** @example owner@cafe.example */
            ownerEmail: string;
            /** @example Maria Rossi */
            ownerName: string;
            ownerPassword: string;
            /**
             * @description Join-link handle; generated from the name when absent
             * @example cafe-central
             */
            slug?: string;
            /**
             * @description IANA time zone
             * @example Europe/Berlin
             */
            timeZone: string;
        };
        SignupView: {
            accessToken: string;
            business: components["schemas"]["BusinessView"];
            /** @description Seconds until the token expires */
            expiresIn: number;
            location: components["schemas"]["LocationView"];
            owner: components["schemas"]["StaffView"];
            /** @enum {string} */
            tokenType: "Bearer";
        };
        SpendStoreCreditDto: {
            /** @description Amount paid with store credit, minor units of the business currency */
            amount: number;
            /** @description Text read from the member card QR code */
            cardPayload?: string;
            /** @description Client key: a retry with the same key and body returns the original result */
            idempotencyKey: string;
            /**
             * Format: uuid
             * @description Member id (from the scan answer)
             */
            memberId?: string;
            /** @description Member number (typed at the counter) */
            memberNumber?: string;
            /** @description Receipt code of the purchase paid with it (8 characters) */
            receiptCode?: string;
        };
        StaffClubOptInDto: {
            /** @description The consent wording shown to the member (must be the club’s current wording) */
            consentWording: string;
            /**
             * @description Where the member gave their consent
             * @enum {string}
             */
            source: "counter" | "console";
        };
        StaffListView: {
            items: components["schemas"]["StaffView"][];
        };
        StaffLoginDto: {
            /** @description Business slug; needed only when the email works for several businesses */
            business?: string;
            email: string;
            password: string;
        };
        StaffLoginView: {
            accessToken: string;
            /** @description Seconds until the token expires */
            expiresIn: number;
            staff: components["schemas"]["StaffView"];
            /** @enum {string} */
            tokenType: "Bearer";
        };
        StaffView: {
            active: boolean;
            /** Format: date-time */
            createdAt: string;
            email: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            locationId: string | null;
            name: string;
            /** @enum {string} */
            role: "owner" | "manager" | "cashier";
        };
        StampCardView: {
            cardId: string;
            /** @description Full cards not yet redeemed */
            completedCards: number;
            name: string;
            /** @description Stamps on the card being filled */
            progress: number;
            rewardId: string;
            /** @description Stamps to fill one card */
            size: number;
        };
        StampProgressView: {
            cardId: string;
            /** @description Full cards not yet redeemed */
            completedCards: number;
            name: string;
            /** @description Stamps on the card being filled */
            progress: number;
            rewardId: string;
            size: number;
        };
        StatementListView: {
            items: components["schemas"]["StatementView"][];
        };
        StatementView: {
            /** Format: uuid */
            agreementId: string;
            agreementName: string;
            /** @description The viewing company's own net volume in the period (pooled groups) */
            companyVolume?: number | null;
            period: components["schemas"]["PeriodView"];
            settlements: components["schemas"]["SettlementView"][];
            /** @description The statement of @regulars/rebates: version, mode, volume, current bracket, accrued, paid, outstanding, next bracket and its worth, projection */
            statement: Record<string, never>;
        };
        StoreCreditBalanceView: {
            /** @description Spendable store credit, minor units */
            balance: number;
            /**
             * Format: uuid
             * @description null: the member buys for no company
             */
            companyId: string | null;
            companyName: string | null;
            /** @example EUR */
            currency: string;
            /** Format: uuid */
            memberId: string;
        };
        StoreCreditMovementView: {
            /** @description Minor units moved */
            amount: number;
            /** Format: date-time */
            at: string;
            /** @description The company's store credit after it, minor units */
            balance: number;
            /** Format: uuid */
            companyId: string;
            companyName: string;
            /** @example EUR */
            currency: string;
            /** @description Ledger transaction id (refund a spend with it) */
            id: string;
            /** @enum {string} */
            kind: "spend" | "refund";
            /** Format: uuid */
            memberId: string;
            receiptCode: string | null;
            /** @description true: the answer of an earlier request with the same key */
            replayed: boolean;
        };
        StoredPurchaseView: {
            earned: components["schemas"]["EarnedView"][];
            notes: string[];
            purchase: components["schemas"]["PurchaseHeadView"];
            redemptions: components["schemas"]["RedemptionOutcomeView"][];
            summary: components["schemas"]["LoyaltySummaryView"];
        };
        SummaryRebuildView: {
            /** @description Customer-day-category rows written (retention_category_days) */
            categoryDays: number;
            /** @description Customers (members and unlinked imported customers) with a purchase */
            customers: number;
            /** @description Customer-days written (retention_customer_days) */
            days: number;
            /** @description Wall time of the rebuild in milliseconds */
            millis: number;
        };
        SurveyResponsesView: {
            /** @description Newest first */
            items: components["schemas"]["SurveyResponseView"][];
        };
        SurveyResponseView: {
            /** Format: date-time */
            answeredAt: string;
            /** @enum {string} */
            category: "promoter" | "passive" | "detractor";
            comment: string | null;
            /** Format: uuid */
            locationId: string | null;
            locationName: string | null;
            /** Format: uuid */
            memberId: string;
            memberName: string;
            /** Format: uuid */
            purchaseId: string;
            score: number;
            /**
             * @description Answered from the e-mail link or with a receipt code
             * @enum {string}
             */
            source: "message" | "receipt";
        };
        SurveyResultsView: {
            /** @example 2026-01 */
            from: string;
            /** @description Months with answers, oldest first */
            months: components["schemas"]["NpsMonthView"][];
            /** @description Per month and location */
            rows: components["schemas"]["NpsRowView"][];
            /**
             * @description Months are counted in this zone
             * @example Europe/Berlin
             */
            timeZone: string;
            /** @example 2026-12 */
            to: string;
            total: components["schemas"]["NpsSummaryView"];
        };
        TemplateListView: {
            items: components["schemas"]["TemplateView"][];
            /** @description Variables a template may use as {{name}} */
            variables: ("firstName" | "memberName" | "shopName" | "points" | "reward" | "expiryDate" | "tier" | "amount" | "goal" | "link" | "unsubscribeUrl")[];
        };
        TemplateView: {
            /** @description false while the shipped default (in the business language) applies */
            custom: boolean;
            /** @description Off: the trigger of this type sends nothing */
            enabled: boolean;
            html: string;
            subject: string;
            text: string;
            /** @enum {string} */
            type: "welcome" | "thank_you" | "reward_unlocked" | "points_expiring" | "birthday" | "tier_reached" | "tier_at_risk" | "rebate_within_reach" | "win_back" | "survey";
        };
        TierBenefitsView: {
            birthdayBonusPoints: number;
            /** @description Points multiplier, basis points (10000 = x1) */
            multiplierBp: number;
            reachBonusPoints: number;
            rewardIds: string[];
        };
        TierDifferenceView: {
            /** @description State fields that differ from the recompute ("missing": no stored state; "view": the stored view in force now differs from the view of the recomputed state) */
            fields: string[];
            memberId: string;
        };
        TierHistoryView: {
            /** Format: date-time */
            at: string;
            from: string | null;
            programVersion: number;
            reason: string;
            to: string;
        };
        TierMoveView: {
            /** @enum {string} */
            direction: "up" | "down";
            from: string | null;
            memberId: string;
            memberNumber: string;
            name: string;
            to: string | null;
        };
        TierPreviewView: {
            /** @description Members per tier now */
            current: {
                [key: string]: number;
            };
            down: number;
            moves: components["schemas"]["TierMoveView"][];
            /** @description Members per tier had the proposed program always been in force */
            proposed: {
                [key: string]: number;
            };
            unchanged: number;
            up: number;
        };
        TierProgramsView: {
            /** @description The version in force now */
            current: components["schemas"]["TierProgramVersionView"] | null;
            /** @description Every version, newest first */
            versions: components["schemas"]["TierProgramVersionView"][];
        };
        TierProgramVersionView: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            /** Format: date-time */
            effectiveFrom: string;
            program: {
                [key: string]: unknown;
            };
            version: number;
        };
        TierProgressItemView: {
            /** @description Last local date that counts */
            by: string | null;
            current: number;
            /** @enum {string} */
            kind: "reach" | "keep";
            met: boolean;
            /** @enum {string} */
            metric: "points" | "spend" | "visits";
            missing: number;
            /** @example €42.00 more spend by 31 Dec 2026 to reach Gold */
            text: string;
            threshold: number;
            tierId: string;
            tierName: string;
        };
        TierVerifyView: {
            /** @description Members whose stored state was recomputed from history */
            checked: number;
            differing: components["schemas"]["TierDifferenceView"][];
        };
        TopRewardView: {
            name: string;
            redemptions: number;
            /** Format: uuid */
            rewardId: string;
        };
        TransportNamesView: {
            /** @example dev-mailbox */
            email: string;
            /** @example dev-mailbox */
            sms: string;
        };
        UpdateBusinessDto: {
            name?: string;
            /** @description The counter asks for confirmation of a purchase above this amount (minor units); null = the currency default */
            purchaseConfirmAbove?: number | null;
            /** @description Purchases above this amount (minor units) are refused with AMOUNT_OVER_LIMIT; null = the currency default */
            purchaseLimit?: number | null;
            /** @example Europe/Berlin */
            timeZone?: string;
        };
        UpdateCompanyDto: {
            billingEmail?: string;
            billingName?: string;
            legalName?: string;
            taxId?: string;
        };
        UpdateHoldoutDto: {
            /**
             * @description Share of eligible members held back, in basis points (1000 = 10 %; 0 = off)
             * @example 1000
             */
            shareBp: number;
        };
        UpdateLocationDto: {
            address?: string;
            name?: string;
        };
        UpdateMemberDto: {
            /**
             * @description YYYY-MM-DD
             * @example 1990-04-17
             */
            birthday?: string;
            /** @example ana@example.com */
            email?: string;
            firstName?: string;
            lastName?: string;
            /** @description Consent to marketing messages; its time is recorded */
            marketingConsent?: boolean;
            /** @example +49 151 2345678 */
            phone?: string;
        };
        UpdateProductDto: {
            active?: boolean;
            category?: string | null;
            name?: string;
            price?: number;
            sku?: string;
        };
        UpdateProgramDto: {
            /** @description Give back rewards redeemed on a purchase when it is fully returned */
            restoreRewardsOnReturn?: boolean;
            /**
             * @description Returning a purchase whose points were partly spent: allow_negative (take them all back, balance may go below zero), clamp (take back what is left), refuse (reject the return)
             * @enum {string}
             */
            reversalPolicy?: "allow_negative" | "clamp" | "refuse";
        };
        UpdateRewardDto: {
            active?: boolean;
            name?: string;
        };
        UpdateSelfDto: {
            /**
             * @description YYYY-MM-DD; only while none is on record (the shop corrects a recorded one)
             * @example 1990-04-17
             */
            birthday?: string;
            firstName?: string;
            lastName?: string;
            marketingConsent?: boolean;
            password?: string;
        };
        UpdateSettingsDto: {
            /**
             * @description BCP 47 language of the messages and their formatting
             * @example de
             */
            language?: string;
            /**
             * @description "HH:MM-HH:MM" in the business time zone, or "off"
             * @example 21:00-08:00
             */
            quietHours?: string;
            /** @description Marketing messages per member per 7 days */
            weeklyCap?: number;
        };
        UpdateStaffDto: {
            active?: boolean;
            /** Format: uuid */
            locationId?: string | null;
            name?: string;
            password?: string;
            /** @enum {string} */
            role?: "owner" | "manager" | "cashier";
        };
        UpdateTemplateDto: {
            /** @description Off: messages of this type are not sent */
            enabled?: boolean;
            html?: string;
            subject?: string;
            text?: string;
        };
        ValueSegmentView: {
            customers: number;
            maxValue: number | null;
            minValue: number | null;
            /** @enum {string} */
            name: "top" | "middle" | "low";
            /** @description Minor units */
            totalValue: number;
            valueShare: number;
        };
        VariablesDto: {
            /** @description Money in minor units */
            amount?: number;
            /** @example 2026-04-30 */
            expiryDate?: string;
            link?: string;
            points?: number;
            reward?: string;
            tier?: string;
        };
        VerifyIssueView: {
            /** @description The accrued total stored with the period */
            accrued: number;
            /** Format: uuid */
            agreementId: string;
            /** @description Sum of the accrual deltas of the events */
            deltas: number;
            /** @description periodRebate(segments, versions) recomputed now */
            expected: number;
            /** @description The accrual account balance in the ledger */
            ledger: number;
            periodKey: string;
            volume: number;
        };
        VerifyView: {
            ok: boolean;
            /** @description Agreement periods checked */
            periods: number;
            /** @description The periods that disagree */
            violations: components["schemas"]["VerifyIssueView"][];
        };
        WhyReasonView: {
            /** @description Reached customers whose latest reason in the period is this one */
            customers: number;
            /** @enum {string} */
            reason: "price" | "quality" | "service" | "moved" | "competitor" | "no_longer_needed" | "other";
            /** @description Share of the customers with a reason */
            share: number;
            /** @description Their words (latest first, up to 10) */
            texts: string[];
        };
        WhyView: {
            /** @description Customers called in the period */
            called: number;
            definition: string;
            /** Format: date */
            from: string;
            /** @description Of which reached at least once */
            reached: number;
            reasons: components["schemas"]["WhyReasonView"][];
            /** Format: date */
            to: string;
            /** @description Called customers who bought again after their first call of the period */
            wonBack: number;
            wonBackCustomers: components["schemas"]["WonBackView"][];
            /** @description wonBack / called (0 when none called) */
            wonBackRate: number;
        };
        WonBackView: {
            /** Format: date-time */
            calledAt: string;
            customerId: string;
            name: string;
            /** Format: date-time */
            returnedAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    BusinessesController_listKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_createKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_revokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberSignInController_requestCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestSignInCodeDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CodeSentView"];
                };
            };
            /** @description Too many attempts for this address and email */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberSignInController_signInWithCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignInWithCodeDto"];
            };
        };
        responses: {
            /** @description Too many attempts for this address and email */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_memberLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberLoginDto"];
            };
        };
        responses: {
            /** @description Too many attempts for this address and email */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberSessionsController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshTokenDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberSessionsController_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshedView"];
                };
            };
        };
    };
    AuthController_staffLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffLoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffLoginView"];
                };
            };
            /** @description Too many attempts for this address and email */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos, member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateBusinessDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignupDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignupView"];
                };
            };
        };
    };
    ClubController_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubSettingsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ClubController_configure: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfigureClubDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubSettingsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ClubController_members: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMemberListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DashboardController_get: {
        parameters: {
            query?: {
                /** @description Weeks back, this week included */
                weeks?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ImportsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportRecordListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ImportsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportRecordView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ImportsController_importPurchases: {
        parameters: {
            query?: {
                /** @description true: imported purchases of customers linked to a member earn points by the rules version in force at their time (idempotently; points already expired are not awarded). Default false: history earns nothing. */
                awardPoints?: "true" | "false";
                /** @description true: check every row and report what would be imported; nothing is written */
                dryRun?: "true" | "false";
                /** @description Column mapping field=Header, separated by commas; fields: purchase_id, customer_id, date, amount, customer_name, customer_email, sku, category. Unnamed fields are read from a column of their own name. */
                mapping?: string;
                /** @description Name of the upload; a run resumes the last unfinished run of the same name */
                source?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReportView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    JoinController_info: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    JoinController_join: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CodeSentView"];
                };
            };
            /** @description Too many attempts for this address and email */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    LedgerController_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_listLocations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_createLocation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLocationDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_updateLocation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLocationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MeController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MeController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSelfDto"];
            };
        };
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MeController_card: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MeController_png: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MeController_svg: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyClubController_mine: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyClubView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyClubController_accept: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClubInvitationAnswerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMembershipView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyClubController_refuse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClubInvitationAnswerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMembershipView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyClubController_join: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClubOptInDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMembershipView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyClubController_leave: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMembershipView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MeConsentsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MeConsentsController_record: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordOwnConsentDto"];
            };
        };
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberLoyaltyController_history: {
        parameters: {
            query?: {
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryPageView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberLoyaltyController_loyalty: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberLoyaltyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyRebatesController_mine: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyRebatesView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberSessionsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberSessionListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberSessionsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMemberSessionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshTokenView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberSessionsController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_search: {
        parameters: {
            query?: {
                /** @description Cursor: the nextCursor of the previous page */
                cursor?: string;
                limit?: number;
                /** @description Name, email, phone or member number */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPageView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_enrol: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnrolMemberDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrolledMemberView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMemberDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberActivityController_adjustments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjustmentListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberActivityController_adjust: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdjustPointsDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjustmentView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_card: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CardWithPayloadView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_cardPng: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_cardSvg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_reissue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevokeCardDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CardWithPayloadView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevokeCardDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CardView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_cards: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CardListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ClubController_membership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMembershipView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ClubController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMembershipView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ClubController_invite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubInvitationView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ClubController_optIn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffClubOptInDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubMembershipView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ClubController_pay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClubPaymentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClubPaymentView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConsentsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConsentsController_record: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordConsentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentEntryView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberActivityController_history: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryPageView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberActivityController_loyalty: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberLoyaltyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MemberActivityController_purchases: {
        parameters: {
            query?: {
                /** @description The nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPurchasePageView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TiersController_memberTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberTierView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TiersController_manual: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManualTierDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberTierView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MembersController_byNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_list: {
        parameters: {
            query?: {
                limit?: number;
                memberId?: string;
                status?: "queued" | "sending" | "sent" | "failed" | "dead" | "suppressed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_retry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_devMailbox: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevMailboxView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HoldoutsController_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HoldoutSettingsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HoldoutsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                type: "win_back" | "points_expiring";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateHoldoutDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HoldoutSettingView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HoldoutsController_report: {
        parameters: {
            query?: {
                /** @description Only messages from this instant (inclusive) */
                from?: string;
                /** @description Only messages before this instant (exclusive) */
                to?: string;
            };
            header?: never;
            path: {
                type: "win_back" | "points_expiring";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HoldoutReportView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HoldoutsController_reportCsv: {
        parameters: {
            query?: {
                /** @description Only messages from this instant (inclusive) */
                from?: string;
                /** @description Only messages before this instant (exclusive) */
                to?: string;
            };
            header?: never;
            path: {
                type: "win_back" | "points_expiring";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, RFC 4180 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagingSettingsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagingSettingsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_templates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_template: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                type: "welcome" | "thank_you" | "reward_unlocked" | "points_expiring" | "birthday" | "tier_reached" | "tier_at_risk" | "rebate_within_reach" | "win_back" | "survey";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_updateTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                type: "welcome" | "thank_you" | "reward_unlocked" | "points_expiring" | "birthday" | "tier_reached" | "tier_at_risk" | "rebate_within_reach" | "win_back" | "survey";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTemplateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MessagesController_preview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                type: "welcome" | "thank_you" | "reward_unlocked" | "points_expiring" | "birthday" | "tier_reached" | "tier_at_risk" | "rebate_within_reach" | "win_back" | "survey";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreviewDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreviewView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PosController_recentPurchases: {
        parameters: {
            query: {
                limit?: number;
                /** @description The member whose purchases to list */
                memberId: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PosController_purchase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PurchaseDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseAnswerView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PosController_getPurchase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredPurchaseView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PosController_byReceipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseListItemView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PosController_redeem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedemptionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionAnswerView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PosController_returnPurchase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReturnDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReturnAnswerView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProductsController_list: {
        parameters: {
            query?: {
                /** @description true: only the products on sale (the counter asks for these) */
                active?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProductsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProductDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProductsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProductsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProductsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProductDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_program: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgramView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_updateProgram: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProgramDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgramView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_agreements: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_createAgreement: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgreementDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_agreement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_scheduledRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduledRunListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_settlements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettlementListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_settle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettleDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettlementView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_preview: {
        parameters: {
            query?: {
                /** @description The period's key (its first local day); default: the period containing now */
                period?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettlementPreviewView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_statement: {
        parameters: {
            query?: {
                /** @description The period's key (its first local day); default: the period containing now */
                period?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_amend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AmendAgreementDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_companies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompanyListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_createCompany: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCompanyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompanyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_company: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompanyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_updateCompany: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCompanyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompanyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_addBuyer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddBuyerDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompanyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_endBuyer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                buyerId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompanyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_companyStatements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_settlementsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV, RFC 4180 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_overview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RebatesController_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ReportsController_daily: {
        parameters: {
            query?: {
                /** @description First local day (YYYY-MM-DD); default: 30 days before `to` */
                from?: string;
                /** @description Last local day (YYYY-MM-DD); default: today in the business's time zone */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DefectionController_atRisk: {
        parameters: {
            query?: {
                /** @description How many customers (1-500, default 50) */
                limit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AtRiskView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DefectionController_calls: {
        parameters: {
            query?: {
                /** @description Only this customer */
                customerId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DefectionController_record: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordCallDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_lost: {
        parameters: {
            query?: {
                /** @description Report day; default: today in the business's time zone */
                asOf?: string;
                /** @description A customer is lost after more than this many days without a purchase (30-365; default 90) */
                lapseDays?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LostReportView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_lostCsv: {
        parameters: {
            query?: {
                /** @description Report day; default: today in the business's time zone */
                asOf?: string;
                /** @description A customer is lost after more than this many days without a purchase (30-365; default 90) */
                lapseDays?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_programReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgramReportView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_programCsv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_redemptionReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionReportView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_redemptionsCsv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_review: {
        parameters: {
            query?: {
                /** @description Month reviewed (YYYY-MM); read as of its last day, or today for the current month; default: the current month */
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_reviewAlertsCsv: {
        parameters: {
            query?: {
                /** @description Month reviewed (YYYY-MM); read as of its last day, or today for the current month; default: the current month */
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_cohortsCsv: {
        parameters: {
            query?: {
                /** @description Month reviewed (YYYY-MM); read as of its last day, or today for the current month; default: the current month */
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_segmentsCsv: {
        parameters: {
            query?: {
                /** @description Month reviewed (YYYY-MM); read as of its last day, or today for the current month; default: the current month */
                month?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RetentionController_rebuild: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SummaryRebuildView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    DefectionController_why: {
        parameters: {
            query?: {
                /** @description First local day of calls counted (default: 365 days before to) */
                from?: string;
                /** @description Last local day (default today) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_rewards: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RewardListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_createReward: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRewardDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RewardView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_updateReward: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateRewardDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RewardView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulesView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_publish: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishRulesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleVersionView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_preview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreviewRulesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulePreviewView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RulesController_versions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleVersionListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PosController_scan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScanRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoyaltySummaryView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_listStaff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_createStaff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateStaffDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_getStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BusinessesController_updateStaff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateStaffDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StoreCreditController_balance: {
        parameters: {
            query?: {
                /** @description Text read from the member card QR code */
                cardPayload?: string;
                /** @description Member id (from the scan answer) */
                memberId?: string;
                /** @description Member number (typed at the counter) */
                memberNumber?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoreCreditBalanceView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StoreCreditController_spend: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpendStoreCreditDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoreCreditMovementView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StoreCreditController_refund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The spend (ledger transaction id) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundStoreCreditDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoreCreditMovementView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier, pos */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SurveysController_survey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSurveyView"];
                };
            };
        };
    };
    SurveysController_answer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnswerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSurveyView"];
                };
            };
        };
    };
    SurveysController_receipt: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReceiptAnswerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSurveyView"];
                };
            };
        };
    };
    SurveysController_responses: {
        parameters: {
            query?: {
                category?: "promoter" | "passive" | "detractor";
                limit?: number;
                memberId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResponsesView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SurveysController_results: {
        parameters: {
            query?: {
                /** @description First month (YYYY-MM, business time zone); default 11 months before `to` */
                from?: string;
                /** @description Last month (YYYY-MM); default the current month */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SurveyResultsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SurveysController_resultsCsv: {
        parameters: {
            query?: {
                /** @description First month (YYYY-MM, business time zone); default 11 months before `to` */
                from?: string;
                /** @description Last month (YYYY-MM); default the current month */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TiersController_preview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreviewTierProgramDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TierPreviewView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TiersController_program: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TierProgramsView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager, cashier */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TiersController_publish: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishTierProgramDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TierProgramVersionView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    TiersController_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TierVerifyView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UnsubscribeController_confirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    UnsubscribeController_unsubscribe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WebhooksController_deliveries: {
        parameters: {
            query?: {
                endpointId?: string;
                limit?: number;
                status?: "queued" | "sending" | "sent" | "failed" | "dead";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WebhooksController_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryDetailView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WebhooksController_replay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryDetailView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WebhooksController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointListView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner, manager */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WebhooksController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEndpointDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedEndpointView"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WebhooksController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Requires role: owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    HealthController_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
