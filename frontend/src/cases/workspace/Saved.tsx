/** A polite announcement after a successful save (the form stays where the user is). */
export function Saved({ message }: { message: string | null }) {
  return (
    <p role="status" className={message ? 'notice' : 'visually-hidden'}>
      {message ?? ''}
    </p>
  );
}
