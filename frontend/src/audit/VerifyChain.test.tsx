import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '../test/fetchMock';
import { renderWith } from '../test/renderWith';
import { VerifyChain } from './VerifyChain';

async function verifyWith(answer: object) {
  mockFetch({ 'POST /api/v1/audit/verify': () => json(200, { head: 'ab', checked: 12, ...answer }) });
  renderWith(<VerifyChain />);
  await userEvent.setup().click(screen.getByRole('button', { name: 'Verify chain' }));
  return screen.getByTestId('verdict');
}

describe('chain verification', () => {
  it('says how many signed checkpoints matched the chain', async () => {
    const verdict = await verifyWith({ ok: true, checkpoints_configured: true, checkpoints: 3, anchored: 11 });
    expect(await screen.findByText('The chain is intact. Events checked: 12.')).toBeInTheDocument();
    expect(verdict).toHaveTextContent('Signed checkpoints kept outside the database match the chain: 3, the latest covering event 11.');
  });

  it("says plainly when nothing outside the database anchors the chain", async () => {
    const verdict = await verifyWith({ ok: true, checkpoints_configured: false, checkpoints: 0 });
    await screen.findByText('The chain is intact. Events checked: 12.');
    expect(verdict).toHaveTextContent("a chain rewritten by the database's owner would still pass this check");
  });

  it('reports a forged checkpoint, which has no place in the chain', async () => {
    const verdict = await verifyWith({
      ok: false,
      checkpoints_configured: true,
      checkpoints: 0,
      problem: 'checkpoint 00000000000000000007.checkpoint cannot be trusted',
    });
    expect(await screen.findByText(/fails verification: checkpoint 0+7\.checkpoint cannot be trusted/)).toBeInTheDocument();
    expect(verdict).not.toHaveTextContent('event ?');
  });
});
