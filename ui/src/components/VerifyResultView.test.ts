import { cleanup, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { PHOTO, verified } from '../test/fixtures';
import VerifyResultView from './VerifyResultView.svelte';

describe('the counter verdict', () => {
  it('shows the portrait first, large, with "compare the face"', () => {
    render(VerifyResultView, { props: { result: verified(), onnext: () => {} } });
    const figure = screen.getByTestId('result-portrait');
    expect(figure.querySelector('img')?.getAttribute('src')).toBe(PHOTO);
    expect(figure.textContent).toContain('Compare this face');
    // The portrait comes before the document's fields.
    const first = screen.getAllByTestId('result-field')[0];
    expect(figure.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.queryByTestId('result-no-portrait')).toBeNull();
    expect(screen.queryByTestId('result-printed')).toBeNull();
  });

  it('says so when a valid code carries no portrait', () => {
    render(VerifyResultView, { props: { result: verified({ portrait: null }), onnext: () => {} } });
    expect(screen.queryByTestId('result-portrait')).toBeNull();
    expect(screen.getByTestId('result-no-portrait').textContent).toContain('no photo');
  });

  it('marks a printed card as not bound to a phone', () => {
    render(VerifyResultView, { props: { result: verified({ binding: 'printed_card', presented_at: null }), onnext: () => {} } });
    expect(screen.getByTestId('result-printed').textContent).toContain('not bound to a phone');
  });

  it('shows no portrait on a red verdict', () => {
    render(VerifyResultView, { props: { result: verified({ valid: false, reason: 'revoked' }), onnext: () => {} } });
    expect(screen.queryByTestId('result-portrait')).toBeNull();
    expect(screen.queryByTestId('result-no-portrait')).toBeNull();
  });

  it('says what to do next on a red verdict, and nothing of the kind on a green one', () => {
    render(VerifyResultView, { props: { result: verified({ valid: false, reason: 'holder_signature' }), onnext: () => {} } });
    expect(screen.getByTestId('result-next-step').textContent).toContain('open the code on their own phone');
    cleanup();
    render(VerifyResultView, { props: { result: verified(), onnext: () => {} } });
    expect(screen.queryByTestId('result-next-step')).toBeNull();
  });
});
