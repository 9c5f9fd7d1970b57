// `npm run hash-password -- <password>`: prints a bcrypt hash for auth.password_hash.
import bcrypt from 'bcryptjs'

const password = process.argv[2]
if (!password) {
  process.stderr.write('usage: npm run hash-password -- <password>\n')
  process.exit(2)
}
if (password.length < 8)
  process.stderr.write('warning: a dashboard password shorter than 8 characters is easy to guess\n')
process.stdout.write((await bcrypt.hash(password, 12)) + '\n')
