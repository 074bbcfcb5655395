// Builds Kith's front-end assets into web/static/dist (git-ignored; the Go
// binary embeds whatever is there). Run with `make assets`.
import { compile, NodePackageImporter } from 'sass'
import { cpSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const out = join(root, 'web', 'static', 'dist')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

const css = compile(join(root, 'web', 'assets', 'kith.scss'), {
  importers: [new NodePackageImporter()],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
  // GOV.UK Frontend's own deprecation notices are for its maintainers.
  logger: { warn () {}, debug () {} }
})
if (css.css.includes('GDS Transport')) {
  throw new Error('the stylesheet refers to GDS Transport, which is reserved for GOV.UK')
}
writeFileSync(join(out, 'kith.css'), css.css)

const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
cpSync(join(govuk, 'all.bundle.js'), join(out, 'govuk-frontend.js'))
// Images GOV.UK components use (not the crown, fonts or GOV.UK brand files).
mkdirSync(join(out, 'govuk', 'assets', 'images'), { recursive: true })
for (const img of ['favicon.svg']) {
  try { cpSync(join(govuk, 'assets', 'images', img), join(out, 'govuk', 'assets', 'images', img)) } catch {}
}
console.log(`assets built in ${out} (kith.css ${(css.css.length / 1024).toFixed(0)} KB)`)
