// GET /rollouts/new (the form; with ?preview=1 and its fields, the waves it would give) and
// POST /rollouts (starts the previewed rollout, then runs the rollouts job once after the
// response so the canary is asked right away).
import { h } from 'preact'
import type { Env } from '../../lib/core/env.js'
import { errorFields } from '../../lib/core/log.js'
import { knownReleases } from '../../lib/controller/registry.js'
import { fleetEligibility, type FleetEligibility } from '../../lib/rollouts/eligibility.js'
import { rolloutMaintenance } from '../../lib/rollouts/maintenance.js'
import { planFrom, startRollout } from '../../lib/rollouts/operator.js'
import { formValues, parseSettings, type RolloutFormValues } from '../../lib/rollouts/plan.js'
import { listCustomers, type Customer } from '../../lib/store/customers.js'
import { activeRollout } from '../../lib/store/rollouts.js'
import { NewRolloutPage, type CustomerChoice, type NewRolloutPageProps } from '../../pages/rollout-new.js'
import { runJob } from '../../scheduled/index.js'
import { layoutProps, page, redirectWithFlash, type DashHandler, type DashRequest } from './context.js'

const choice = (c: Customer): CustomerChoice => ({
  customerId: c.customerId,
  name: c.displayName || c.hostname || c.customerId,
  version: c.controllerVersion,
})

/** Everything the form page shows for the fields as given; `preview` also plans the waves. */
async function formPage(
  req: DashRequest,
  env: Env,
  values: RolloutFormValues,
  preview: boolean,
): Promise<NewRolloutPageProps> {
  const [releases, active, customers] = await Promise.all([
    knownReleases(env),
    activeRollout(env.db),
    listCustomers(env.db),
  ])
  const chosen = releases.includes(values.version) ? values.version : null
  const fleet: FleetEligibility = chosen
    ? await fleetEligibility(env, customers, chosen, rolloutMaintenance)
    : { eligible: [], excluded: [] }
  const parsed = preview ? parseSettings(values, releases) : { settings: null, errors: {} }
  const plan = parsed.settings ? planFrom(fleet, parsed.settings) : null
  return {
    ...layoutProps(req),
    releases,
    values,
    errors: parsed.errors,
    candidates: fleet.eligible.map(choice),
    preview: plan && {
      waves: plan.waves.map((w) => ({ label: w.label, nodes: w.nodes.map(choice) })),
      excluded: plan.fleet.excluded.map((x) => ({ ...choice(x.customer), text: x.text })),
      fingerprint: plan.fingerprint,
      problem: plan.problem,
    },
    active: active && { id: active.id, state: active.state },
  }
}

export const getNewRolloutPage: DashHandler = async (req, env) => {
  const q = new URL(req.url).searchParams
  const releases = await knownReleases(env)
  const values = formValues(q, releases[0] ?? null)
  const props = await formPage(req, env, values, q.has('preview'))
  // A preview with errors is still a page the operator reads and fixes: 200, errors by the fields.
  return page(req, h(NewRolloutPage, props))
}

export const postNewRollout: DashHandler = async (req, env) => {
  const values = formValues(req.form, null)
  const releases = await knownReleases(env)
  const { settings, errors } = parseSettings(values, releases)
  if (!settings) {
    const props = await formPage(req, env, values, true)
    return page(req, h(NewRolloutPage, { ...props, errors }), 400)
  }
  const started = await startRollout(env, settings, req.form.get('fingerprint') ?? '', rolloutMaintenance)
  if (!started.ok) {
    const props = await formPage(req, env, values, true)
    return page(req, h(NewRolloutPage, { ...props, formError: started.error }), 409)
  }
  env.log.info('rollout started', {
    request_id: req.requestId,
    rollout_id: started.id,
    version: settings.version,
  })
  env.defer(
    runJob(env, 'rollouts', 'manual').catch((err) =>
      env.log.error('rollouts run after start failed', { rollout_id: started.id, ...errorFields(err) }),
    ),
  )
  return redirectWithFlash(req, `/rollouts/${started.id}`, {
    kind: 'ok',
    text: `Rollout #${started.id} to ${settings.version} started: the canary ${settings.canary} is being asked to update.`,
  })
}
