import { useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api';
import { call, client } from '../api';
import { Field, Notice } from '../components';
import { signIn, signedOutBecause } from '../session';

/** Staff login. Owners and managers stay; a cashier is sent to the counter (/cashier), already logged in. */
export function Login() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [business, setBusiness] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!email.trim()) problems.email = 'Enter the email address you log in with.';
    else if (!/^\S+@\S+\.\S+$/.test(email.trim())) problems.email = 'This is not an email address.';
    if (!password) problems.password = 'Enter your password.';
    if (business && !/^[a-z0-9-]{3,60}$/.test(business))
      problems.business = 'The shop handle has 3 to 60 lower-case letters, digits or dashes.';
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      const res = await call(
        client.POST('/api/auth/staff/login', {
          body: { email: email.trim(), password, ...(business ? { business } : {}) },
        }),
      );
      // A cashier: App sees the role and replaces the page with the counter (one navigation).
      signIn({ token: res.accessToken, staff: res.staff });
    } catch (err) {
      setFailure(
        err instanceof ApiError && err.code === 'UNAUTHENTICATED'
          ? 'The email or the password is wrong.'
          : describeError(err, 'counter'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login" id="main">
      <form class="panel" onSubmit={submit} noValidate aria-labelledby="login-title">
        <p class="brand-line">Regulars</p>
        <h1 id="login-title">Console login</h1>
        <p class="muted">For owners and managers. Cashiers are taken to the counter.</p>
        {signedOutBecause.value && <Notice kind="info">{signedOutBecause.value}</Notice>}
        {failure && (
          <Notice kind="error" testId="login-error">
            {failure}
          </Notice>
        )}
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onValue={setEmail}
          error={errors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={errors.password}
        />
        <details>
          <summary>Several shops with this email?</summary>
          <Field
            label="Shop handle"
            name="business"
            hint="The part after /join/ in your shop's join link."
            value={business}
            onValue={setBusiness}
            error={errors.business}
          />
        </details>
        <button class="primary wide" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
