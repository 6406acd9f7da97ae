/** The application header: the product name, role-aware navigation, the user, the theme toggle and sign-out. */
import { useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { useAuth } from '../auth.js';
import { ThemeToggle } from './ThemeToggle.js';

/** The header shown above every signed-in page. */
export function Header() {
  const auth = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const signOut = () => {
    setSigningOut(true);
    auth
      .signOut()
      .catch(() => {
        // The session is forgotten here whatever the server said (see AuthProvider.signOut).
      })
      .finally(() => {
        setSigningOut(false);
        void navigate('/login', { replace: true });
      });
  };
  return (
    <header className="app-header">
      <NavLink to="/" className="brand" end>
        Debrief
      </NavLink>
      <nav aria-label="Main" className="main-nav">
        <ul>
          <li>
            <NavLink to="/" end>
              Post-mortems
            </NavLink>
          </li>
          <li>
            <NavLink to="/actions">Actions</NavLink>
          </li>
          {auth.can('insights:read') && (
            <li>
              <NavLink to="/insights">Insights</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <div className="header-tools">
        {auth.user !== undefined && (
          <span className="user-name" title={`${auth.user.username} (${auth.user.role})`}>
            {auth.user.displayName || auth.user.username}
          </span>
        )}
        <ThemeToggle />
        <button type="button" className="button secondary" onClick={signOut} disabled={signingOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
