// `npm run hash-password -- <password>`: prints a bcrypt hash for auth.password_hash.
import bcrypt from 'bcryptjs'

const USAGE = 'usage: npm run hash-password -- <password>'
const password = process.argv[2]
// --help is a question, not a password to hash.
if (password === '--help' || password === '-h') {
  process.stdout.write(USAGE + '\n')
  process.exit(0)
}
if (!password) {
  process.stderr.write(USAGE + '\n')
  process.exit(2)
}
if (password.length < 8)
  process.stderr.write('warning: a dashboard password shorter than 8 characters is easy to guess\n')
process.stdout.write((await bcrypt.hash(password, 12)) + '\n')
