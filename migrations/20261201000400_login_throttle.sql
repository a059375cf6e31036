-- Failed logins slow an account down instead of locking it: each failure past the
-- free ones doubles the wait, counted from the last failure. A correct password from
-- an address the user signed in from before is never held up.
ALTER TABLE users ADD COLUMN last_failed_login timestamptz;
UPDATE users SET last_failed_login = failed_logins_since WHERE failed_logins > 0;

CREATE TABLE login_addresses (
    user_id      object_id NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address      text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 45),
    last_success timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, address)
);
