import { describe, expect, it } from 'vitest';
import { wholeNameParts } from '../casualties/whole-name.ts';
import { personalNameOf } from './historical-names.ts';

describe('the personal name inside a titled historical name', () => {
  it('drops a peerage after the comma, a regnal number, an "of" designation and styles before the name', () => {
    expect(personalNameOf('Thomas Clifford, 1st Baron Clifford of Chudleigh')).toBe('Thomas Clifford');
    expect(personalNameOf('thomas howard, 4th duke of norfolk')).toBe('thomas howard');
    expect(personalNameOf('Henry VIII of England')).toBe('Henry');
    expect(personalNameOf('Louis XIV')).toBe('Louis');
    expect(personalNameOf('John of Gaunt')).toBe('John');
    expect(personalNameOf('tom 1st baron clifford of chudleigh')).toBe('tom');
    expect(personalNameOf('Sir Isaac Newton')).toBe('Isaac Newton');
    expect(personalNameOf('The Rev. John Wesley')).toBe('John Wesley');
    expect(personalNameOf('John Smith, Jr.')).toBe('John Smith');
    expect(personalNameOf('Smith, John, Jr.')).toBe('Smith, John');
    expect(personalNameOf('граф Лев Николаевич Толстой')).toBe('Лев Николаевич Толстой');
  });

  it('leaves names without titles, surname particles and index forms as they are', () => {
    for (const name of ['John Smith', 'Ludwig van Beethoven', 'Charles de Gaulle', 'Lord, John', 'John Lord', 'Clarke, James', 'Elizabeth I', 'Mary Ann', 'Алиев, Рашид Фамиль оглы', 'Məmmədov Əli Famil oğlu', 'Sirius Black', 'Ofelia Lord', 'St John', '']) {
      expect(personalNameOf(name), name).toBe(name);
    }
  });

  it('never returns a name without letters, and survives hostile and oversized input', () => {
    expect(personalNameOf('Sir')).toBe('Sir');
    expect(personalNameOf('1st Baron')).toBe('1st Baron');
    expect(personalNameOf(', 1st Baron of X')).toBe(', 1st Baron of X');
    for (const hostile of ['John\u0000 Smith, 1st Baron', '\ud800 of \udfff', '<script>alert(1)</script> of x', '../../etc/passwd, 1st', 'of '.repeat(50_000), 'a, '.repeat(50_000)]) {
      const out = personalNameOf(hostile);
      expect(typeof out).toBe('string');
      expect(out.length).toBeLessThanOrEqual(hostile.length);
    }
    expect(personalNameOf('John\u0000 Smith, 1st Baron Smith')).toBe('John\u0000 Smith');
  });

  it('lets a whole name with a title fill given and family name', () => {
    expect(wholeNameParts('thomas clifford, 1st baron clifford of chudleigh')).toMatchObject({ given: 'thomas', patronymic: '' });
    expect(wholeNameParts('thomas clifford, 1st baron clifford of chudleigh').family).toBe(wholeNameParts('thomas clifford').family);
    expect(wholeNameParts('Sir John Smith')).toEqual(wholeNameParts('John Smith'));
    // the index form keeps working
    expect(wholeNameParts('Clarke, James')).toEqual(wholeNameParts('James Clarke'));
  });
});
